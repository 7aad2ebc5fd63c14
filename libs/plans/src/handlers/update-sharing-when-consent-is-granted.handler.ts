import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, ConsentGrantedData, ConsentGrantedV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { LocalViewsRepository } from '../repositories/local-views.repository';

/** A consent record (permit or deny) joins the local sharing view. */
@Injectable()
export class UpdateSharingWhenConsentIsGrantedHandler implements EventHandler<ConsentGrantedData>, OnModuleInit {
  readonly definition = ConsentGrantedV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly views: LocalViewsRepository,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  async handle(event: CloudEvent<ConsentGrantedData>, manager: EntityManager): Promise<void> {
    await this.views.recordConsent(manager, event.data, new Date(event.time));
  }
}
