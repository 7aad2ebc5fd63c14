import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CloudEvent, EventDefinition, toKafkaHeaders } from '@tellonce/contracts';
import { requestContext, SERVICE_NAME } from '@tellonce/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { assertMatchesSchema } from './schema-validator';
import { OutboxRelay } from './outbox-relay';
import { WrittenAtCommit } from './transaction-hooks';

export interface StageOptions {
  /** Kafka key and CloudEvents partitionkey: the family id for family events. */
  key: string;
  subject?: string;
  time?: Date;
}

export type OutboxRowValues = [eventId: string, topic: string, key: string, type: string, headers: string, data: string];
/** The outbox columns that OutboxRowValues fills, in its order (for statements that insert rows of it). */
export const OUTBOX_ROW_COLUMNS = 'event_id, topic, message_key, type, headers, data';

/**
 * Stages events in the outbox inside the caller's transaction: the state change and its event
 * commit together or not at all. The relay publishes them afterwards.
 *
 * Inside a transaction the rows are kept in memory and written in one multi-row INSERT just
 * before it commits (TypeORM's beforeTransactionCommit): raising a referral stages five events,
 * and five round trips became one (`WrittenAtCommit`). Seq order is still staging order; if the
 * INSERT fails the commit fails and the transaction rolls back.
 */
@Injectable()
export class EventPublisher implements OnModuleInit {
  private readonly rows = new WrittenAtCommit<OutboxRowValues>((rows, manager) => this.write(manager, rows));

  constructor(
    @Inject(SERVICE_NAME) private readonly source: string,
    private readonly relay: OutboxRelay,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.rows.subscribeTo(this.dataSource);
  }

  async stage<T>(manager: EntityManager, definition: EventDefinition<T>, data: T, options: StageOptions): Promise<CloudEvent<T>> {
    const { event, row } = this.prepare(definition, data, options);
    await this.rows.add(manager, row);
    this.relay.wakeAfterCommit(manager);
    return event;
  }

  private async write(manager: EntityManager, rows: OutboxRowValues[]): Promise<void> {
    // Plain INSERTs (TypeORM's entity insert adds a RETURNING round of metadata work), in chunks
    // well under PostgreSQL's 65,535 parameters per statement.
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000);
      const values = chunk.map((_, i) => `($${i * 6 + 1}, $${i * 6 + 2}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}, $${i * 6 + 6})`);
      await manager.query(`INSERT INTO outbox (${OUTBOX_ROW_COLUMNS}) VALUES ${values.join(', ')}`, chunk.flat());
    }
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
