import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CloudEvent, EventDefinition, toKafkaHeaders } from '@tellonce/contracts';
import { requestContext, SERVICE_NAME } from '@tellonce/platform';
import type { EntityManager } from 'typeorm';
import { assertMatchesSchema } from './schema-validator';
import { OutboxRelay } from './outbox-relay';

export interface StageOptions {
  /** Kafka key and CloudEvents partitionkey: the family id for family events. */
  key: string;
  subject?: string;
  time?: Date;
}

export type OutboxRowValues = [eventId: string, topic: string, key: string, type: string, headers: string, data: string];

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
    const { event, row } = this.prepare(definition, data, options);
    // A plain INSERT: on the hot path of every state change, TypeORM's entity insert adds a RETURNING round of metadata work.
    await manager.query(`INSERT INTO outbox (event_id, topic, message_key, type, headers, data) VALUES ($1, $2, $3, $4, $5, $6)`, row);
    this.relay.wakeAfterCommit(manager);
    return event;
  }

  /**
   * The event and its outbox row values (event_id, topic, message_key, type, headers, data), for a
   * caller that writes the row inside a statement of its own; it then calls `staged`.
   */
  prepare<T>(definition: EventDefinition<T>, data: T, options: StageOptions): { event: CloudEvent<T>; row: OutboxRowValues } {
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
    return { event, row: [id, definition.topic, options.key, definition.type, JSON.stringify(toKafkaHeaders(event as CloudEvent)), JSON.stringify(data)] };
  }

  /** After a prepared row was written (in `manager`'s transaction, if any): the relay publishes it once that commits. */
  staged(manager: EntityManager): void {
    this.relay.wakeAfterCommit(manager);
  }
}
