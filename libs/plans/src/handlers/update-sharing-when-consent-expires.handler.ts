import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, ConsentExpiredData, ConsentExpiredV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { LocalViewsRepository } from '../repositories/local-views.repository';

/** An expired consent no longer counts (the decision also checks expiresAt, so this only confirms it). */
@Injectable()
export class UpdateSharingWhenConsentExpiresHandler implements EventHandler<ConsentExpiredData>, OnModuleInit {
  readonly definition = ConsentExpiredV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly views: LocalViewsRepository,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  async handle(event: CloudEvent<ConsentExpiredData>, manager: EntityManager): Promise<void> {
    await this.views.endConsent(manager, event.data.consentId, 'expired');
  }
}
