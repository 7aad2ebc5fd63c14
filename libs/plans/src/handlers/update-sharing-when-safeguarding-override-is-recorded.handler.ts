import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, SafeguardingOverrideRecordedData, SafeguardingOverrideRecordedV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { LocalViewsRepository } from '../repositories/local-views.repository';

/** A safeguarding override permits sharing with the agency without consent. */
@Injectable()
export class UpdateSharingWhenSafeguardingOverrideIsRecordedHandler implements EventHandler<SafeguardingOverrideRecordedData>, OnModuleInit {
  readonly definition = SafeguardingOverrideRecordedV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly views: LocalViewsRepository,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  async handle(event: CloudEvent<SafeguardingOverrideRecordedData>, manager: EntityManager): Promise<void> {
    await this.views.recordOverride(manager, event.data, new Date(event.time));
  }
}
