import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, FamilyMemberAddedData, FamilyMemberAddedV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { KnownFamiliesRepository } from '../repositories/known-families.repository';

@Injectable()
export class RecordMemberWhenFamilyMemberIsAddedHandler implements EventHandler<FamilyMemberAddedData>, OnModuleInit {
  readonly definition = FamilyMemberAddedV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly families: KnownFamiliesRepository,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  handle(event: CloudEvent<FamilyMemberAddedData>, manager: EntityManager): Promise<void> {
    return this.families.recordMembers(manager, event.data.familyId, [event.data.personId]);
  }
}
