import { Injectable, OnModuleInit } from '@nestjs/common';
import { AgencyUpsertedData, AgencyUpsertedV1, CloudEvent } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { LocalViewsRepository } from '../repositories/local-views.repository';

/** Keeps the local directory view: plans only assign actions to active agencies. */
@Injectable()
export class RecordAgencyWhenAgencyIsUpsertedHandler implements EventHandler<AgencyUpsertedData>, OnModuleInit {
  readonly definition = AgencyUpsertedV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly views: LocalViewsRepository,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  async handle(event: CloudEvent<AgencyUpsertedData>, manager: EntityManager): Promise<void> {
    await this.views.upsertAgency(manager, { agencyId: event.data.agencyId, kind: event.data.kind, active: event.data.active, updatedAt: new Date(event.time) });
  }
}
