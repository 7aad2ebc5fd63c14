import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, ReferralRaisedData, ReferralRaisedV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { fromReferralRaised } from '../domain/partner-event-builders';
import { PartnerDirectoryRepository } from '../repositories/partner-directory.repository';
import { PartnerFanOutService } from '../services/partner-fan-out.service';

/** Remembers each route's referral reference and hub; a route raised already `requested` goes out now. */
@Injectable()
export class RecordRoutesWhenReferralIsRaisedHandler implements EventHandler<ReferralRaisedData>, OnModuleInit {
  readonly definition = ReferralRaisedV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly fanOut: PartnerFanOutService,
    private readonly directory: PartnerDirectoryRepository,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  async handle(event: CloudEvent<ReferralRaisedData>, manager: EntityManager): Promise<void> {
    const d = event.data;
    await this.directory.upsertRoutes(manager, d.routes.map((route) => ({ routeId: route.routeId, referralId: d.referralId, reference: d.reference, hubId: d.hubId, agencyId: route.agencyId })));
    for (const partnerEvent of fromReferralRaised(event)) await this.fanOut.publish(manager, partnerEvent);
  }
}
