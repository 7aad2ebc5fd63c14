import { Injectable, OnModuleInit } from '@nestjs/common';
import { AgencyUpsertedData, AgencyUpsertedV1, CloudEvent } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import type { EntityManager } from 'typeorm';
import { PartnerDirectoryRepository } from '../repositories/partner-directory.repository';
import { PartnerTopicsService } from '../services/partner-topics.service';

/** Every active agency gets its partner topic, so switching Kafka delivery on needs no broker change. */
@Injectable()
export class CreatePartnerTopicWhenAgencyIsUpsertedHandler implements EventHandler<AgencyUpsertedData>, OnModuleInit {
  readonly definition = AgencyUpsertedV1;

  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly directory: PartnerDirectoryRepository,
    private readonly topics: PartnerTopicsService,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  async handle(event: CloudEvent<AgencyUpsertedData>, manager: EntityManager): Promise<void> {
    await this.directory.upsertAgencyState(manager, event.data.agencyId, event.data.active);
    if (event.data.active) await this.topics.ensureTopic(manager, event.data.agencyId);
  }
}
