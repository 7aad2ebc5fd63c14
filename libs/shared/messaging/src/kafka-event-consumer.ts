import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CloudEvent, EventDefinition, fromKafkaMessage, TOPICS } from '@tellonce/contracts';
import { endSpan, LOGGER, Metrics, requestContext, SpanKind, startSpan } from '@tellonce/platform';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventHandler } from './event-handler';
import { CONSUMER_GROUP, DEAD_LETTER_PRODUCER, KAFKA_FOR_CONSUMER } from './messaging.tokens';
import { OffsetCommitter } from './offset-committer';
import { assertMatchesSchema } from './schema-validator';

export interface ConsumerSettings {
  maxAttempts: number;
  /** First retry delay; doubles per attempt, capped at 2 s. */
  retryBaseMs: number;
  /** Most events handled in one database transaction (1 = one transaction per event). */
  transactionBatchSize: number;
  /** Least time between offset commits (0: after every batch); see OffsetCommitter. */
  commitIntervalMs: number;
  /** Longest the broker may hold a fetch to gather `fetchMinBytes` (0: answer as soon as anything arrived). */
  fetchWaitMs: number;
  fetchMinBytes: number;
}

/** Waits for `work`, but no longer than `ms` (it keeps running; its outcome is then ignored). */
async function withinMs(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise((r) => (timer = setTimeout(r, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function headerStrings(headers: IHeaders | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    out[name] = Array.isArray(value) ? value[0]?.toString() : value?.toString();
  }
  return out;
}

interface PreparedEvent {
  event: CloudEvent;
  handlers: EventHandler<unknown>[];
}

/** PostgreSQL answers a uuid in its canonical form, whatever form the event id came in. */
const uuidKey = (id: string) => id.toLowerCase().replace(/[{}-]/g, '');

/** Poison messages: retrying cannot help, straight to the dead-letter topic. */
class PermanentFailure extends Error {}

/**
 * Runs a service's event handlers on its consumer group. Per message: inbox insert + handler in
 * one transaction, then the offset (offset + 1) is committed, at most once a second. Failures are
 * retried with backoff, then the message goes to the dead-letter topic and the partition moves on.
 * One partition is handled in order, so a family's events (keyed by family id) keep their order.
 */
@Injectable()
export class KafkaEventConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly handlers = new Map<string, EventHandler<unknown>[]>();
  private consumer: Consumer | null = null;
  private dlqConnected = false;
  readonly settings: ConsumerSettings = {
    maxAttempts: Number(process.env.CONSUMER_MAX_ATTEMPTS || 5),
    retryBaseMs: Number(process.env.CONSUMER_RETRY_BASE_MS || 100),
    transactionBatchSize: Number(process.env.CONSUMER_TRANSACTION_BATCH || 1),
    commitIntervalMs: Number(process.env.CONSUMER_COMMIT_INTERVAL_MS ?? 1000),
    fetchWaitMs: Number(process.env.CONSUMER_FETCH_WAIT_MS || 0),
    fetchMinBytes: 64 * 1024,
  };
  private committer: OffsetCommitter | null = null;
  /** Set by stop(): a batch that ends now commits at once, before the consumer leaves its group. */
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(KAFKA_FOR_CONSUMER) private readonly kafka: Kafka,
    @Inject(DEAD_LETTER_PRODUCER) private readonly deadLetterProducer: Producer,
    @Inject(CONSUMER_GROUP) readonly groupId: string,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  /**
   * For services whose handlers have effects outside the database (e.g. queueing jobs): a rolled-back
   * batch would undo innocent events' rows but not their jobs, so each event gets its own transaction.
   */
  handleEachEventInItsOwnTransaction(): void {
    this.settings.transactionBatchSize = 1;
  }

  /**
   * For services whose handlers only write their own database (a projection): up to `max`
   * consecutive events of a Kafka batch share one transaction, one commit instead of one each.
   * CONSUMER_TRANSACTION_BATCH, when set, still wins (1 turns it off).
   */
  handleRunsOfEventsTogether(max: number): void {
    if (!process.env.CONSUMER_TRANSACTION_BATCH) this.settings.transactionBatchSize = max;
  }

  /**
   * For consumers nobody waits on (the timeline, consent): the broker holds each fetch until `minBytes` have
   * arrived or `maxWaitMs` passed, so runs of events are longer and transactions fewer, at the cost
   * of up to `maxWaitMs` of freshness. Not for consumers on the fan-out's path: it would add that
   * wait to every delivery. CONSUMER_FETCH_WAIT_MS, when set, still wins (0 turns it off).
   */
  waitForFullerFetches(maxWaitMs: number, minBytes: number): void {
    if (!process.env.CONSUMER_FETCH_WAIT_MS) this.settings.fetchWaitMs = maxWaitMs;
    this.settings.fetchMinBytes = minBytes;
  }

  register<T>(handler: EventHandler<T>): void {
    const list = this.handlers.get(handler.definition.type) ?? [];
    list.push(handler as EventHandler<unknown>);
    this.handlers.set(handler.definition.type, list);
  }

  topics(): string[] {
    return [...new Set([...this.handlers.values()].flat().map((h) => h.definition.topic))];
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.handlers.size === 0 || process.env.CONSUMERS_ENABLED === 'false') return;
    await this.start();
  }

  async start(): Promise<void> {
    const fetch = this.settings.fetchWaitMs > 0 ? { minBytes: this.settings.fetchMinBytes, maxWaitTimeInMs: this.settings.fetchWaitMs } : {};
    const consumer = this.kafka.consumer({ groupId: this.groupId, sessionTimeout: 30_000, heartbeatInterval: 3000, allowAutoTopicCreation: false, ...fetch });
    this.stopping = false;
    this.consumer = consumer;
    const committer = new OffsetCommitter(
      async (offsets) => {
        await consumer.commitOffsets(offsets);
        this.metrics.offsetCommits.inc({ result: 'ok' });
      },
      {
        intervalMs: this.settings.commitIntervalMs,
        onError: (error, partitions) => {
          this.metrics.offsetCommits.inc({ result: 'failed' });
          this.logger.warn({ group: this.groupId, partitions, err: error.message }, 'offset commit failed; kept for the next one');
        },
      },
    );
    this.committer = committer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => committer.assignmentChanged(payload.memberAssignment));
    await consumer.connect();
    if (process.env.KAFKA_CONSUMER_START_AT_LATEST === 'true') await this.startNewGroupAtLatest();
    await consumer.subscribe({ topics: this.topics(), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Number(process.env.CONSUMER_PARTITIONS_CONCURRENTLY || 6),
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.logger.info({ group: this.groupId, topics: this.topics() }, 'consumer started');
  }

  /**
   * Tests only: a brand-new group starts at the current end of its topics instead of replaying the
   * shared test broker's history, yet still sees everything produced after start() returned.
   */
  private async startNewGroupAtLatest(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId: this.groupId, topics: this.topics() });
      if (committed.some((t) => t.partitions.some((p) => Number(p.offset) >= 0))) return;
      for (const topic of this.topics()) {
        const ends = await admin.fetchTopicOffsets(topic);
        await admin.setOffsets({ groupId: this.groupId, topic, partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })) });
      }
    } finally {
      await admin.disconnect();
    }
  }

  /** Commits what was handled (unless the broker is unreachable: then it is redelivered), then leaves the group. */
  /**
   * Commits what was handled, then leaves the group. kafkajs lets a batch in flight finish before it
   * leaves, so that batch commits its own offset as it ends (see onBatch); otherwise a restart would
   * repeat it. The final commit gets at most 3 s: a broker that is down must not hold up shutdown.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.committer) await withinMs(this.committer.flush(), 3000);
    this.committer?.stop();
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = null;
    this.committer = null;
  }

  /** Leaves the group before the database closes, so no handler runs against a closed pool. */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
    await this.deadLetterProducer.disconnect().catch(() => undefined);
  }

  /**
   * Messages of one partition are handled one after another (order per family); after a batch the
   * offset past its last handled message goes to the OffsetCommitter, which commits at most once
   * per CONSUMER_COMMIT_INTERVAL_MS. A crash before that commit redelivers messages whose inbox
   * rows already exist: they are skipped.
   *
   * Runs of well-formed events share one database transaction (one commit instead of one per
   * event). If anything in a run fails, the run is rolled back as a whole and its messages are
   * handled one by one, with retries and dead letters, exactly as if they had come alone.
   */
  /**
   * A batch that ends after stop() began: kafkajs ignores consumer.commitOffsets once the consumer
   * stops running (silently), but the batch's own commit still reaches the group it has not left yet.
   */
  private async commitAsItStops(topic: string, partition: number, offset: string, commit: EachBatchPayload['commitOffsetsIfNecessary']): Promise<void> {
    try {
      await withinMs(commit({ topics: [{ topic, partitions: [{ partition, offset }] }] }), 3000);
      this.metrics.offsetCommits.inc({ result: 'ok' });
    } catch (error) {
      this.metrics.offsetCommits.inc({ result: 'failed' });
      this.logger.warn({ group: this.groupId, err: (error as Error).message }, 'offset commit while stopping failed; the batch will be redelivered');
    }
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    let next: string | null = null;
    const messages = batch.messages;
    try {
      let i = 0;
      while (i < messages.length) {
        if (!isRunning() || isStale()) break;
        const run: PreparedEvent[] = [];
        let end = i;
        while (end < messages.length && run.length < this.settings.transactionBatchSize) {
          const prepared = this.prepare(messages[end]);
          if (prepared === 'alone') break;
          if (prepared !== 'nothing-to-do') run.push(prepared);
          end++;
        }
        if (end === i) end = i + 1; // the first message must be handled alone (malformed or invalid)
        const together = end - i > 1 && run.length > 0 && (await this.handleTogether(run));
        if (!together) {
          for (let k = i; k < end; k++) await this.onMessage(batch.topic, batch.partition, messages[k]);
        }
        resolveOffset(messages[end - 1].offset);
        next = (BigInt(messages[end - 1].offset) + 1n).toString();
        await heartbeat();
        i = end;
      }
    } finally {
      if (next !== null) await this.committer?.handled({ topic: batch.topic, partition: batch.partition, offset: next });
      if (next !== null && this.stopping) await this.commitAsItStops(batch.topic, batch.partition, next, commitOffsetsIfNecessary);
    }
  }

  /** A handled, schema-valid event; or what to do with a message that is not one. */
  private prepare(message: KafkaMessage): PreparedEvent | 'nothing-to-do' | 'alone' {
    try {
      const event = fromKafkaMessage(headerStrings(message.headers), message.value);
      const handlers = this.handlers.get(event.type);
      if (!handlers?.length) return 'nothing-to-do';
      assertMatchesSchema(handlers[0].definition as EventDefinition<unknown>, event.data);
      return { event, handlers };
    } catch {
      return 'alone';
    }
  }

  /** All of the run in one transaction; false (and nothing kept) if any of it fails. */
  private async handleTogether(run: PreparedEvent[]): Promise<boolean> {
    const outcomes: { type: string; result: 'ok' | 'duplicate' }[] = [];
    try {
      await this.dataSource.transaction(async (manager) => {
        // The whole run's inbox rows in one statement; an event seen before (or twice in the run) is skipped.
        const fresh = await this.claimInbox(run.map((r) => r.event), manager);
        for (const { event, handlers } of run) {
          if (!fresh.delete(uuidKey(event.id))) {
            outcomes.push({ type: event.type, result: 'duplicate' });
            continue;
          }
          const { span, traceparent } = startSpan(`consume ${event.type}`, SpanKind.CONSUMER, event.traceparent, { 'messaging.system': 'kafka', 'messaging.consumer.group.name': this.groupId, 'cloudevents.event_type': event.type });
          try {
            await requestContext.run({ correlationId: event.correlationid, causationId: event.id, traceparent }, async () => {
              for (const handler of handlers) await handler.handle(event, manager);
            });
            outcomes.push({ type: event.type, result: 'ok' });
            endSpan(span);
          } catch (error) {
            endSpan(span, error);
            throw error;
          }
        }
      });
    } catch (error) {
      this.logger.warn({ events: run.length, err: (error as Error).message }, 'batched handling failed; handling the events one by one');
      return false;
    }
    for (const outcome of outcomes) this.metrics.eventsConsumed.inc(outcome);
    return true;
  }

  private async onMessage(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const headers = headerStrings(message.headers);
    const type = headers['ce_type'] ?? 'unknown';
    try {
      const event = fromKafkaMessage(headers, message.value);
      const handlers = this.handlers.get(event.type);
      if (handlers?.length) await this.handleWithRetries(event, handlers);
    } catch (error) {
      await this.deadLetter(topic, partition, message.offset, message.key, message.value, message.headers, type, error as Error);
    }
  }

  private async handleWithRetries(event: CloudEvent, handlers: EventHandler<unknown>[]): Promise<void> {
    try {
      assertMatchesSchema(handlers[0].definition as EventDefinition<unknown>, event.data);
    } catch (error) {
      throw new PermanentFailure((error as Error).message);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const { span, traceparent } = startSpan(`consume ${event.type}`, SpanKind.CONSUMER, event.traceparent, { 'messaging.system': 'kafka', 'messaging.consumer.group.name': this.groupId, 'cloudevents.event_type': event.type });
        try {
          await requestContext.run({ correlationId: event.correlationid, causationId: event.id, traceparent }, () => this.handleOnce(event, handlers));
          endSpan(span);
        } catch (error) {
          endSpan(span, error);
          throw error;
        }
        this.metrics.eventsConsumed.inc({ type: event.type, result: 'ok' });
        return;
      } catch (error) {
        this.metrics.handlerFailures.inc({ type: event.type });
        if (attempt >= this.settings.maxAttempts) throw error;
        this.metrics.retries.inc({ type: event.type });
        this.logger.warn({ type: event.type, eventId: event.id, attempt, err: (error as Error).message }, 'event handler failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(2000, this.settings.retryBaseMs * 2 ** (attempt - 1))));
      }
    }
  }

  private async handleOnce(event: CloudEvent, handlers: EventHandler<unknown>[]): Promise<void> {
    const handled = await this.dataSource.transaction((manager) => this.applyInTransaction(event, handlers, manager));
    if (!handled) this.metrics.eventsConsumed.inc({ type: event.type, result: 'duplicate' });
  }

  /** Inbox row + handlers; false when the inbox already had the event (a redelivery). */
  private async applyInTransaction(event: CloudEvent, handlers: EventHandler<unknown>[], manager: EntityManager): Promise<boolean> {
    if ((await this.claimInbox([event], manager)).size === 0) return false;
    for (const handler of handlers) await handler.handle(event, manager);
    return true;
  }

  /** Inserts the events' inbox rows; returns the ids that were not there yet. */
  private async claimInbox(events: CloudEvent[], manager: EntityManager): Promise<Set<string>> {
    const inserted: { event_id: string }[] = await manager.query(
      'INSERT INTO inbox (event_id, consumer_group, type) SELECT e.id, $2, e.type FROM unnest($1::uuid[], $3::text[]) AS e(id, type) ON CONFLICT DO NOTHING RETURNING event_id',
      [events.map((e) => e.id), this.groupId, events.map((e) => e.type)],
    );
    return new Set(inserted.map((row) => uuidKey(row.event_id)));
  }

  private async deadLetter(topic: string, partition: number, offset: string, key: Buffer | null, value: Buffer | null, headers: IHeaders | undefined, type: string, error: Error): Promise<void> {
    if (!this.dlqConnected) {
      await this.deadLetterProducer.connect();
      this.dlqConnected = true;
    }
    // The error text is ours (schema or handler messages name fields, not values); cut to a bound.
    await this.deadLetterProducer.send({
      topic: TOPICS.deadLetters,
      acks: -1,
      messages: [
        {
          key,
          value,
          headers: {
            ...(headers ?? {}),
            dlq_original_topic: topic,
            dlq_original_partition: String(partition),
            dlq_original_offset: offset,
            dlq_consumer_group: this.groupId,
            dlq_error: error.message.slice(0, 500),
            dlq_at: new Date().toISOString(),
          },
        },
      ],
    });
    this.metrics.deadLetters.inc({ type });
    this.logger.error({ topic, partition, offset, type, group: this.groupId, err: error.message.slice(0, 500) }, 'event dead-lettered');
  }
}
