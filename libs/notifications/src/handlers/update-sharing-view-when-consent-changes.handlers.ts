import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  CloudEvent,
  ConsentExpiredData,
  ConsentExpiredV1,
  ConsentGrantedData,
  ConsentGrantedV1,
  ConsentWithdrawnData,
  ConsentWithdrawnV1,
  SafeguardingOverrideRecordedData,
  SafeguardingOverrideRecordedV1,
} from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { SharingViewRepository } from '../repositories/sharing-view.repository';
import { PartnerFanOutService } from '../services/partner-fan-out.service';

/** A new permit may release partner events held for the family. */
@Injectable()
export class ReleaseHeldEventsWhenConsentIsGrantedHandler implements EventHandler<ConsentGrantedData>, OnModuleInit {
  readonly definition = ConsentGrantedV1;
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly sharing: SharingViewRepository,
    private readonly fanOut: PartnerFanOutService,
  ) {}
  onModuleInit(): void {
    this.consumer.register(this);
  }
  async handle(event: CloudEvent<ConsentGrantedData>, manager: EntityManager): Promise<void> {
    await this.sharing.lock(manager, event.data.familyId);
    await this.sharing.saveGranted(manager, event.data, new Date(event.time));
    await this.fanOut.releaseHeld(manager, event.data.familyId);
  }
}

@Injectable()
export class ReleaseHeldEventsWhenOverrideIsRecordedHandler implements EventHandler<SafeguardingOverrideRecordedData>, OnModuleInit {
  readonly definition = SafeguardingOverrideRecordedV1;
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly sharing: SharingViewRepository,
    private readonly fanOut: PartnerFanOutService,
  ) {}
  onModuleInit(): void {
    this.consumer.register(this);
  }
  async handle(event: CloudEvent<SafeguardingOverrideRecordedData>, manager: EntityManager): Promise<void> {
    await this.sharing.lock(manager, event.data.familyId);
    await this.sharing.saveOverride(manager, event.data, new Date(event.time));
    await this.fanOut.releaseHeld(manager, event.data.familyId);
  }
}

@Injectable()
export class StopSharingWhenConsentIsWithdrawnHandler implements EventHandler<ConsentWithdrawnData>, OnModuleInit {
  readonly definition = ConsentWithdrawnV1;
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly sharing: SharingViewRepository,
  ) {}
  onModuleInit(): void {
    this.consumer.register(this);
  }
  async handle(event: CloudEvent<ConsentWithdrawnData>, manager: EntityManager): Promise<void> {
    await this.sharing.lock(manager, event.data.familyId);
    await this.sharing.endConsent(manager, event.data.familyId, event.data.consentId, 'withdrawn');
  }
}

@Injectable()
export class StopSharingWhenConsentExpiresHandler implements EventHandler<ConsentExpiredData>, OnModuleInit {
  readonly definition = ConsentExpiredV1;
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly sharing: SharingViewRepository,
  ) {}
  onModuleInit(): void {
    this.consumer.register(this);
  }
  async handle(event: CloudEvent<ConsentExpiredData>, manager: EntityManager): Promise<void> {
    await this.sharing.lock(manager, event.data.familyId);
    await this.sharing.endConsent(manager, event.data.familyId, event.data.consentId, 'expired');
  }
}
