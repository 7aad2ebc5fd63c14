import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, FamilyRegisteredData, FamilyRegisteredV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { KnownFamiliesRepository } from '../repositories/known-families.repository';

/** Keeps the ids of families and their members, so consent can only name real members. */
@Injectable()
export class RecordFamilyWhenFamilyIsRegisteredHandler implements EventHandler<FamilyRegisteredData>, OnModuleInit {
  readonly definition = FamilyRegisteredV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly families: KnownFamiliesRepository,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  handle(event: CloudEvent<FamilyRegisteredData>, manager: EntityManager): Promise<void> {
    const { familyId, hubId, members } = event.data;
    return this.families.recordFamily(manager, familyId, hubId, members.map((m) => m.personId));
  }
}
