import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, ConsentWithdrawnData, ConsentWithdrawnV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { SharingEvents } from '../use-cases/sharing-events.use-cases';

@Injectable()
export class CancelRoutesWhenConsentIsWithdrawn implements EventHandler<ConsentWithdrawnData>, OnModuleInit {
  readonly definition = ConsentWithdrawnV1;
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly sharing: SharingEvents,
  ) {}
  onModuleInit(): void {
    this.consumer.register(this);
  }
  handle(event: CloudEvent<ConsentWithdrawnData>, manager: EntityManager): Promise<void> {
    return this.sharing.consentWithdrawn(event.data, manager);
  }
}
