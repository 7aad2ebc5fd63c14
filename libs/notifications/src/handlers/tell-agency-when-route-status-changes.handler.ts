import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, RouteStatusChangedData, RouteStatusChangedV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { fromRouteStatusChanged } from '../domain/partner-event-builders';
import { PartnerFanOutService } from '../services/partner-fan-out.service';

@Injectable()
export class TellAgencyWhenRouteStatusChangesHandler implements EventHandler<RouteStatusChangedData>, OnModuleInit {
  readonly definition = RouteStatusChangedV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly fanOut: PartnerFanOutService,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  async handle(event: CloudEvent<RouteStatusChangedData>, manager: EntityManager): Promise<void> {
    const d = event.data;
    // The route's view is recorded (and marked shared, if the event goes out) by the fan-out's own statement.
    await this.fanOut.publish(manager, fromRouteStatusChanged(event), { routeId: d.routeId, referralId: d.referralId, reference: null, hubId: null, agencyId: d.agencyId });
  }
}
