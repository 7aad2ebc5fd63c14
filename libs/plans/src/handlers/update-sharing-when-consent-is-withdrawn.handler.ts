import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, ConsentWithdrawnData, ConsentWithdrawnV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { LocalViewsRepository } from '../repositories/local-views.repository';

/** A withdrawn consent no longer counts: the agency loses whole-plan access from now on. */
@Injectable()
export class UpdateSharingWhenConsentIsWithdrawnHandler implements EventHandler<ConsentWithdrawnData>, OnModuleInit {
  readonly definition = ConsentWithdrawnV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly views: LocalViewsRepository,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  async handle(event: CloudEvent<ConsentWithdrawnData>, manager: EntityManager): Promise<void> {
    await this.views.endConsent(manager, event.data.consentId, 'withdrawn');
  }
}
