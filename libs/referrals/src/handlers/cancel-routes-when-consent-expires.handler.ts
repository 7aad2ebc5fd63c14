import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, ConsentExpiredData, ConsentExpiredV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { SharingEvents } from '../use-cases/sharing-events.use-cases';

@Injectable()
export class CancelRoutesWhenConsentExpires implements EventHandler<ConsentExpiredData>, OnModuleInit {
  readonly definition = ConsentExpiredV1;
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly sharing: SharingEvents,
  ) {}
  onModuleInit(): void {
    this.consumer.register(this);
  }
  handle(event: CloudEvent<ConsentExpiredData>, manager: EntityManager): Promise<void> {
    return this.sharing.consentExpired(event.data, manager);
  }
}
