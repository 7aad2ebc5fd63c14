import { Injectable, OnModuleInit } from '@nestjs/common';
import { AgencyUpsertedData, AgencyUpsertedV1, CloudEvent } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { KnownAgenciesRepository } from '../repositories/known-agencies.repository';

/** Keeps the ids of the directory's agencies, so consent and overrides name only real, active agencies. */
@Injectable()
export class RecordAgencyWhenAgencyIsUpsertedHandler implements EventHandler<AgencyUpsertedData>, OnModuleInit {
  readonly definition = AgencyUpsertedV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly agencies: KnownAgenciesRepository,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  handle(event: CloudEvent<AgencyUpsertedData>, manager: EntityManager): Promise<void> {
    return this.agencies.record(manager, event.data.agencyId, event.data.active, new Date(event.time));
  }
}
