import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, SafeguardingOverrideRecordedData, SafeguardingOverrideRecordedV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { SharingEvents } from '../use-cases/sharing-events.use-cases';

@Injectable()
export class ReleaseRoutesWhenSafeguardingOverrideIsRecorded implements EventHandler<SafeguardingOverrideRecordedData>, OnModuleInit {
  readonly definition = SafeguardingOverrideRecordedV1;
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly sharing: SharingEvents,
  ) {}
  onModuleInit(): void {
    this.consumer.register(this);
  }
  handle(event: CloudEvent<SafeguardingOverrideRecordedData>, manager: EntityManager): Promise<void> {
    return this.sharing.overrideRecorded(event, manager);
  }
}
