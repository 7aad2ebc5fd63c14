import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CloudEvent, EventDefinition, toKafkaHeaders } from '@tellonce/contracts';
import { requestContext, SERVICE_NAME } from '@tellonce/platform';
import type { EntityManager } from 'typeorm';
import { OutboxMessage } from './messaging.entities';
import { assertMatchesSchema } from './schema-validator';
import { OutboxRelay } from './outbox-relay';

export interface StageOptions {
  /** Kafka key and CloudEvents partitionkey: the family id for family events. */
  key: string;
  subject?: string;
  time?: Date;
}

/**
 * Stages events in the outbox inside the caller's transaction: the state change and its event
 * commit together or not at all. The relay publishes them afterwards.
 */
@Injectable()
export class EventPublisher {
  constructor(
    @Inject(SERVICE_NAME) private readonly source: string,
    private readonly relay: OutboxRelay,
  ) {}

  async stage<T>(manager: EntityManager, definition: EventDefinition<T>, data: T, options: StageOptions): Promise<CloudEvent<T>> {
    assertMatchesSchema(definition as EventDefinition<unknown>, data);
    const context = requestContext.current();
    const id = randomUUID();
    const event: CloudEvent<T> = {
      specversion: '1.0',
      id,
      source: `tellonce/${this.source}`,
      type: definition.type,
      time: (options.time ?? new Date()).toISOString(),
      subject: options.subject,
      datacontenttype: 'application/json',
      partitionkey: options.key,
      correlationid: context?.correlationId ?? id,
      causationid: context?.causationId,
      traceparent: context?.traceparent,
      data,
    };
    if (event.subject === undefined) delete event.subject;
    await manager.insert(OutboxMessage, {
      eventId: id,
      topic: definition.topic,
      key: options.key,
      type: definition.type,
      headers: toKafkaHeaders(event as CloudEvent),
      data: data as object,
    });
    this.relay.wakeAfterCommit(manager);
    return event;
  }
}
