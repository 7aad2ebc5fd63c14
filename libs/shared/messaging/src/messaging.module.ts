import { DynamicModule, Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import { HealthRegistry } from '@tellonce/platform';
import { AuditTrail } from './audit-trail';
import { EventPublisher } from './event-publisher';
import { createKafka, createSafeProducer, KAFKA } from './kafka-client';
import { KafkaEventConsumer } from './kafka-event-consumer';
import { CONSUMER_GROUP, DEAD_LETTER_PRODUCER, KAFKA_FOR_CONSUMER, RELAY_PRODUCER } from './messaging.tokens';
import { OutboxRelay } from './outbox-relay';

export interface MessagingOptions {
  serviceName: string;
  brokers: string;
}

/** Outbox relay, typed consumer with inbox and dead letters, audit trail. Needs TypeOrmModule.forRoot first. */
@Global()
@Module({})
export class MessagingModule implements OnModuleInit {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly health: HealthRegistry,
  ) {}

  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: KAFKA, useFactory: () => createKafka(`tellonce-${options.serviceName}`, options.brokers) },
        { provide: KAFKA_FOR_CONSUMER, useExisting: KAFKA },
        { provide: RELAY_PRODUCER, useFactory: (kafka: Kafka): Producer => createSafeProducer(kafka), inject: [KAFKA] },
        { provide: DEAD_LETTER_PRODUCER, useFactory: (kafka: Kafka): Producer => createSafeProducer(kafka), inject: [KAFKA] },
        // The suffix lets integration tests run a service's consumers beside a live one on a shared broker.
        { provide: CONSUMER_GROUP, useValue: `tellonce.${options.serviceName}${process.env.KAFKA_CONSUMER_GROUP_SUFFIX ?? ''}` },
        OutboxRelay,
        EventPublisher,
        KafkaEventConsumer,
        AuditTrail,
      ],
      exports: [KAFKA, EventPublisher, KafkaEventConsumer, AuditTrail, OutboxRelay],
    };
  }

  onModuleInit(): void {
    this.health.register('kafka', async () => {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
        await admin.describeCluster();
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    });
  }
}
