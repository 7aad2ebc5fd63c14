import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, FamilyRegisteredData, FamilyRegisteredV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { LocalViewsRepository } from '../repositories/local-views.repository';

/** Keeps the local view of registered families (ids only): a plan needs a known family. */
@Injectable()
export class RecordFamilyWhenFamilyIsRegisteredHandler implements EventHandler<FamilyRegisteredData>, OnModuleInit {
  readonly definition = FamilyRegisteredV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly views: LocalViewsRepository,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  async handle(event: CloudEvent<FamilyRegisteredData>, manager: EntityManager): Promise<void> {
    await this.views.recordFamily(manager, { familyId: event.data.familyId, hubId: event.data.hubId, registeredAt: new Date(event.time) });
  }
}
