import { Inject, Injectable } from '@nestjs/common';
import { partnerTopic } from '@tellonce/contracts';
import { KAFKA } from '@tellonce/messaging';
import { LOGGER } from '@tellonce/platform';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { isValidTopicAgencyId, PARTNER_TOPIC_TEMPLATE } from '../domain/partner-topic-template';
import { PartnerDirectoryRepository } from '../repositories/partner-directory.repository';

/** Creates an agency's partner topic (template settings from deploy/kafka/topics.json). */
@Injectable()
export class PartnerTopicsService {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly directory: PartnerDirectoryRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async ensureTopic(manager: EntityManager, agencyId: string): Promise<boolean> {
    if (!isValidTopicAgencyId(agencyId)) {
      this.logger.warn({ agencyId }, 'agency id cannot name a Kafka topic; no partner topic');
      return false;
    }
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const topic = partnerTopic(agencyId);
      const existing = await admin.listTopics();
      if (!existing.includes(topic)) {
        const replicationFactor = Number(process.env.KAFKA_REPLICATION_FACTOR || 1);
        await admin.createTopics({
          waitForLeaders: true,
          topics: [{ topic, numPartitions: PARTNER_TOPIC_TEMPLATE.partitions, replicationFactor, configEntries: Object.entries(PARTNER_TOPIC_TEMPLATE.config).map(([name, value]) => ({ name, value })) }],
        });
        this.logger.info({ topic }, 'partner topic created');
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await this.directory.setTopicReady(manager, agencyId);
    return true;
  }
}
