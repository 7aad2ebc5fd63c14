import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, PlanActionAssignedData, PlanActionAssignedV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { fromPlanActionAssigned } from '../domain/partner-event-builders';
import { PartnerFanOutService } from '../services/partner-fan-out.service';

@Injectable()
export class TellAgencyWhenPlanActionIsAssignedHandler implements EventHandler<PlanActionAssignedData>, OnModuleInit {
  readonly definition = PlanActionAssignedV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly fanOut: PartnerFanOutService,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  async handle(event: CloudEvent<PlanActionAssignedData>, manager: EntityManager): Promise<void> {
    await this.fanOut.publish(manager, fromPlanActionAssigned(event));
  }
}
