import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OUTBOX_ROW_COLUMNS, OutboxRowValues } from '@tellonce/messaging';
import { DeliveryStatus, WebhookDelivery } from '../entities/webhook-delivery.entity';
import { WebhookMessage } from '../entities/webhook-message.entity';
import { WebhookSubscription } from '../entities/webhook-subscription.entity';

export interface DeliveryPageCursor {
  at: Date;
  id: string;
}

export interface DeliveryCounts {
  pending: number;
  failed: number;
  dead: number;
}

interface MessageWithSubscriptionRow {
  id: string;
  subscription_id: string;
  agency_id: string;
  family_id: string;
  event_type: string;
  source_event_id: string;
  body: string;
  status: WebhookMessage['status'];
  attempts: number;
  replays: number;
  event_time: Date;
  created_at: Date;
  s_id: string | null;
  s_agency_id: string;
  s_url: string;
  s_event_types: string[];
  s_description: string | null;
  s_secret: string;
  s_previous_secret: string | null;
  s_previous_secret_expires_at: Date | null;
  s_status: WebhookSubscription['status'];
  s_disabled_reason: string | null;
  s_failing_since: Date | null;
  s_idempotency_key: string | null;
  s_created_at: Date;
  s_updated_at: Date;
}

function toMessageWithSubscription(r: MessageWithSubscriptionRow): { message: WebhookMessage; subscription: WebhookSubscription | null } {
  const message: WebhookMessage = {
    id: r.id,
    subscriptionId: r.subscription_id,
    agencyId: r.agency_id,
    familyId: r.family_id,
    eventType: r.event_type,
    sourceEventId: r.source_event_id,
    body: r.body,
    status: r.status,
    attempts: r.attempts,
    replays: r.replays,
    eventTime: r.event_time,
    createdAt: r.created_at,
  };
  const subscription: WebhookSubscription | null = r.s_id
    ? {
        id: r.s_id,
        agencyId: r.s_agency_id,
        url: r.s_url,
        eventTypes: r.s_event_types,
        description: r.s_description,
        secret: r.s_secret,
        previousSecret: r.s_previous_secret,
        previousSecretExpiresAt: r.s_previous_secret_expires_at,
        status: r.s_status,
        disabledReason: r.s_disabled_reason,
        failingSince: r.s_failing_since,
        idempotencyKey: r.s_idempotency_key,
        createdAt: r.s_created_at,
        updatedAt: r.s_updated_at,
      }
    : null;
  return { message, subscription };
}

/** Webhook messages (one per event and subscription) and their delivery attempts. */
@Injectable()
export class WebhookMessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts the messages that do not exist yet (a redelivered source event's do), each with the
   * `pending` row of its first attempt, in one statement; answers the ids that are new.
   */
  async insertNewWithPendingAttempts(manager: EntityManager, messages: WebhookMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const rows: { message_id: string }[] = await manager.query(
      `WITH message AS (
         INSERT INTO webhook_messages (id, subscription_id, agency_id, family_id, event_type, source_event_id, body, status, attempts, replays, event_time, created_at)
         SELECT id, subscription_id, agency_id, family_id, event_type, source_event_id, body, status, attempts, replays, event_time, created_at
           FROM jsonb_to_recordset($1::jsonb) AS m(id uuid, subscription_id uuid, agency_id text, family_id text, event_type text, source_event_id text, body text,
                status text, attempts int, replays int, event_time timestamptz, created_at timestamptz)
         ON CONFLICT DO NOTHING RETURNING id, subscription_id, event_type, attempts, created_at)
       INSERT INTO webhook_deliveries (id, message_id, subscription_id, event_type, attempt, status, at)
       SELECT gen_random_uuid(), id, subscription_id, event_type, attempts + 1, 'pending', created_at FROM message
       ON CONFLICT (message_id, attempt) DO NOTHING RETURNING message_id`,
      [
        JSON.stringify(
          messages.map((m) => ({
            id: m.id,
            subscription_id: m.subscriptionId,
            agency_id: m.agencyId,
            family_id: m.familyId,
            event_type: m.eventType,
            source_event_id: m.sourceEventId,
            body: m.body,
            status: m.status,
            attempts: m.attempts,
            replays: m.replays,
            event_time: m.eventTime,
            created_at: m.createdAt,
          })),
        ),
      ],
    );
    return rows.map((r) => r.message_id);
  }

  /**
   * Each message with its subscription (null when the subscription is gone), or null when the
   * message is not there (yet), in one round trip; plain SQL, as it runs for every attempt.
   */
  async findManyWithSubscription(manager: EntityManager, ids: string[]): Promise<({ message: WebhookMessage; subscription: WebhookSubscription | null } | null)[]> {
    const rows: MessageWithSubscriptionRow[] = await manager.query(
      `SELECT m.id, m.subscription_id, m.agency_id, m.family_id, m.event_type, m.source_event_id, m.body, m.status, m.attempts, m.replays, m.event_time, m.created_at,
              s.id AS s_id, s.agency_id AS s_agency_id, s.url AS s_url, s.event_types AS s_event_types, s.description AS s_description, s.secret AS s_secret,
              s.previous_secret AS s_previous_secret, s.previous_secret_expires_at AS s_previous_secret_expires_at, s.status AS s_status,
              s.disabled_reason AS s_disabled_reason, s.failing_since AS s_failing_since, s.idempotency_key AS s_idempotency_key,
              s.created_at AS s_created_at, s.updated_at AS s_updated_at
         FROM webhook_messages m LEFT JOIN webhook_subscriptions s ON s.id = m.subscription_id
        WHERE m.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const r = byId.get(id);
      return r ? toMessageWithSubscription(r) : null;
    });
  }

  /** Messages for replay: every message of the subscription whose event happened at or after `since`. */
  messagesSince(subscriptionId: string, since: Date): Promise<WebhookMessage[]> {
    return this.dataSource.manager
      .getRepository(WebhookMessage)
      .createQueryBuilder('m')
      .where('m.subscription_id = :subscriptionId AND m.event_time >= :since', { subscriptionId, since })
      .orderBy('m.event_time', 'ASC')
      .getMany();
  }

  async markReplayed(id: string, manager: EntityManager): Promise<number> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [rows] = (await manager.query(`UPDATE webhook_messages SET replays = replays + 1, status = 'pending' WHERE id = $1 RETURNING replays`, [id])) as [{ replays: number }[], number];
    return rows[0].replays;
  }

  /**
   * Each attempt's row (completing its `pending` row), its message's state and its timeline event,
   * for many attempts in one statement. Two attempts of one message must not share a call.
   */
  async recordAttemptsWithEvents(manager: EntityManager, attempts: { delivery: WebhookDelivery; outboxRow: OutboxRowValues }[]): Promise<void> {
    if (attempts.length === 0) return;
    await manager.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS a(n int, id uuid, message_id uuid, subscription_id uuid, event_type text, attempt int, status text,
           status_code int, duration_ms int, error text, at timestamptz, event_id uuid, topic text, message_key text, type text, headers text, data text)
       ), attempt AS (
         INSERT INTO webhook_deliveries (id, message_id, subscription_id, event_type, attempt, status, status_code, duration_ms, error, at)
         SELECT id, message_id, subscription_id, event_type, attempt, status, status_code, duration_ms, error, at FROM input
         ON CONFLICT (message_id, attempt) DO UPDATE SET status = EXCLUDED.status, status_code = EXCLUDED.status_code,
           duration_ms = EXCLUDED.duration_ms, error = EXCLUDED.error, at = EXCLUDED.at),
       message AS (UPDATE webhook_messages m SET status = input.status, attempts = input.attempt FROM input WHERE m.id = input.message_id)
       INSERT INTO outbox (${OUTBOX_ROW_COLUMNS})
       SELECT event_id, topic, message_key, type, headers::jsonb, data::jsonb FROM input ORDER BY n`,
      [
        JSON.stringify(
          attempts.map(({ delivery: d, outboxRow: [eventId, topic, key, type, headers, data] }, n) => ({
            n,
            id: d.id,
            message_id: d.messageId,
            subscription_id: d.subscriptionId,
            event_type: d.eventType,
            attempt: d.attempt,
            status: d.status,
            status_code: d.statusCode,
            duration_ms: d.durationMs,
            error: d.error,
            at: d.at,
            event_id: eventId,
            topic,
            message_key: key,
            type,
            headers,
            data,
          })),
        ),
      ],
    );
  }

  /** A `pending` row for an attempt that is scheduled but has not run yet. */
  async recordPending(manager: EntityManager, delivery: Pick<WebhookDelivery, 'id' | 'messageId' | 'subscriptionId' | 'eventType' | 'attempt' | 'at'>): Promise<void> {
    await manager.query(
      `INSERT INTO webhook_deliveries (id, message_id, subscription_id, event_type, attempt, status, at)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6) ON CONFLICT (message_id, attempt) DO NOTHING`,
      [delivery.id, delivery.messageId, delivery.subscriptionId, delivery.eventType, delivery.attempt, delivery.at],
    );
  }

  /** Newest first, keyset pagination on (at, id). */
  async deliveriesPage(subscriptionId: string, limit: number, cursor: DeliveryPageCursor | null): Promise<(WebhookDelivery & { sourceEventId: string })[]> {
    const params: unknown[] = [subscriptionId, limit];
    let where = 'd.subscription_id = $1';
    if (cursor) {
      params.push(cursor.at, cursor.id);
      where += ' AND (d.at, d.id) < ($3, $4)';
    }
    const rows: Record<string, unknown>[] = await this.dataSource.manager.query(
      `SELECT d.id, d.message_id, d.subscription_id, d.event_type, d.attempt, d.status, d.status_code, d.duration_ms, d.error, d.at, m.source_event_id
       FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
       WHERE ${where} ORDER BY d.at DESC, d.id DESC LIMIT $2`,
      params,
    );
    return rows.map((r) => ({
      id: r.id as string,
      messageId: r.message_id as string,
      subscriptionId: r.subscription_id as string,
      eventType: r.event_type as string,
      attempt: r.attempt as number,
      status: r.status as DeliveryStatus,
      statusCode: r.status_code as number | null,
      durationMs: r.duration_ms as number | null,
      error: r.error as string | null,
      at: r.at as Date,
      sourceEventId: r.source_event_id as string,
    }));
  }

  /** Message counts by delivery state, for the ops view (no family data). */
  async counts(): Promise<DeliveryCounts> {
    const rows: { status: string; n: number }[] = await this.dataSource.manager.query(`SELECT status, count(*)::int AS n FROM webhook_messages WHERE status <> 'succeeded' GROUP BY status`);
    const counts: DeliveryCounts = { pending: 0, failed: 0, dead: 0 };
    for (const row of rows) if (row.status in counts) counts[row.status as keyof DeliveryCounts] = row.n;
    return counts;
  }

  /** Dead messages, newest first; keyset pagination on (created_at, id). */
  deadLetters(limit: number, cursor: { at: Date; id: string } | null): Promise<WebhookMessage[]> {
    const qb = this.dataSource.manager.getRepository(WebhookMessage).createQueryBuilder('m').where(`m.status = 'dead'`);
    if (cursor) qb.andWhere('(m.created_at, m.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    return qb.orderBy('m.created_at', 'DESC').addOrderBy('m.id', 'DESC').limit(limit).getMany();
  }
}
