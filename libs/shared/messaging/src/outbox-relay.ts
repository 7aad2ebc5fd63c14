import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LOGGER, Metrics, SERVICE_NAME } from '@tellonce/platform';
import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { RELAY_PRODUCER } from './messaging.tokens';
import { transactionEnded } from './transaction-hooks';

interface OutboxRow {
  seq: string;
  event_id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  data: unknown;
  type: string;
  created_at: Date;
}

const BATCH_SIZE = 500;

/**
 * Publishes outbox rows to Kafka in the order they were staged (seq) and marks them sent in the same transaction
 * that locked them. One relay per service at a time (advisory lock), so order per key holds with
 * replicas. While Kafka is down rows simply wait; delivery is at-least-once, the inbox dedupes.
 *
 * It runs when a transaction that staged rows commits (a TypeORM transaction subscriber tells it),
 * and otherwise polls only slowly (OUTBOX_POLL_MS, default 1 s) for rows it was not told of: another
 * replica's, or ones left by a crash. Polling every 50 ms used to be most of the database round
 * trips of a quiet service.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy, EntitySubscriberInterface {
  private running = false;
  private wake: (() => void) | null = null;
  /** Set when rows were committed while a publish was under way: run again at once instead of sleeping. */
  private wakeRequested = false;
  /** Transactions that staged rows and have not ended yet. */
  private readonly staging = new WeakSet<QueryRunner>();
  private loop: Promise<void> | null = null;
  private failures = 0;
  private lastCleanup = 0;
  /** The advisory lock a replica holds while it publishes (per service name). */
  readonly lockKey: number;
  private connected = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RELAY_PRODUCER) private readonly producer: Producer,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_NAME) serviceName: string,
    private readonly metrics: Metrics,
  ) {
    this.lockKey = [...`outbox:${serviceName}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (process.env.OUTBOX_RELAY_ENABLED === 'false') return;
    if (!this.dataSource.subscribers.includes(this)) this.dataSource.subscribers.push(this);
    this.running = true;
    this.loop = this.run();
  }

  /** Stops before TypeORM closes the pool (its own shutdown hook runs later), so no row is half-published. */
  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.producer.disconnect().catch(() => undefined);
  }

  /** Called by the publisher: publish as soon as the staging transaction commits. */
  wakeAfterCommit(manager: EntityManager): void {
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.staging.add(runner);
    else this.requestWake();
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (!transactionEnded(event.queryRunner) || !this.staging.has(event.queryRunner)) return;
    this.staging.delete(event.queryRunner);
    this.requestWake();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (transactionEnded(event.queryRunner)) this.staging.delete(event.queryRunner);
  }

  private requestWake(): void {
    this.wakeRequested = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    const pollMs = Number(process.env.OUTBOX_POLL_MS || 1000);
    while (this.running) {
      let published = 0;
      this.wakeRequested = false;
      try {
        published = await this.publishBatch();
        this.failures = 0;
        await this.cleanupIfDue();
      } catch (error) {
        this.failures++;
        this.connected = false;
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn({ err: (error as Error).message, failures: this.failures }, 'outbox relay cannot publish yet; rows wait');
        }
      }
      if (published === BATCH_SIZE || (this.wakeRequested && !this.failures)) continue;
      // While Kafka is failing, new commits do not cut the back-off short (that would spin).
      const failing = this.failures > 0;
      const delay = failing ? Math.min(5000, 100 * 2 ** Math.min(this.failures, 6)) : pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          if (failing && this.running) return;
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Publishes up to one batch; returns how many rows went out. */
  async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // The lock is an uncorrelated sub-select: PostgreSQL takes it once, before the scan, and a relay
      // that does not get it (another replica is publishing) reads no rows. One round trip, not two.
      const rows: OutboxRow[] = await manager.query(
        'SELECT seq, event_id, topic, message_key, headers, data, type, created_at FROM outbox WHERE (SELECT pg_try_advisory_xact_lock($2)) AND published_at IS NULL ORDER BY seq LIMIT $1',
        [BATCH_SIZE, this.lockKey],
      );
      await this.updateBacklogMetrics(manager, rows);
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, OutboxRow[]>();
      for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      await this.ensureConnected();
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, batch]) => ({
          topic,
          messages: batch.map((row) => ({ key: row.message_key, value: JSON.stringify(row.data), headers: row.headers })),
        })),
      });
      await manager.query('UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])', [rows.map((r) => r.seq)]);
      for (const row of rows) this.metrics.eventsProduced.inc({ type: row.type });
      return rows.length;
    });
  }

  private async ensureConnected(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  private async updateBacklogMetrics(manager: EntityManager, batch: OutboxRow[]): Promise<void> {
    if (batch.length < BATCH_SIZE) {
      // The batch is the whole visible backlog: no second query on the hot path.
      const oldest = batch.reduce((min, row) => Math.min(min, row.created_at.getTime()), Date.now());
      this.metrics.outboxBacklog.set(batch.length);
      this.metrics.outboxOldestAge.set(Math.max(0, Date.now() - oldest) / 1000);
      return;
    }
    const [stats] = await manager.query(
      `SELECT count(*)::int AS backlog, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age FROM outbox WHERE published_at IS NULL`,
    );
    this.metrics.outboxBacklog.set(stats.backlog);
    this.metrics.outboxOldestAge.set(stats.age);
  }

  /** Published rows are kept an hour for diagnosis, then deleted. */
  private async cleanupIfDue(): Promise<void> {
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.dataSource.query(`DELETE FROM outbox WHERE published_at < now() - interval '1 hour'`);
  }
}
