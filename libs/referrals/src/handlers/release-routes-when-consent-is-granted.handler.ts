import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, ConsentGrantedData, ConsentGrantedV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { SharingEvents } from '../use-cases/sharing-events.use-cases';

@Injectable()
export class ReleaseRoutesWhenConsentIsGranted implements EventHandler<ConsentGrantedData>, OnModuleInit {
  readonly definition = ConsentGrantedV1;
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly sharing: SharingEvents,
  ) {}
  onModuleInit(): void {
    this.consumer.register(this);
  }
  handle(event: CloudEvent<ConsentGrantedData>, manager: EntityManager): Promise<void> {
    return this.sharing.consentGranted(event, manager);
  }
}
