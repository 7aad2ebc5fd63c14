import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WebhookDeliveryRecordedV1 } from '@tellonce/contracts';
import { EventPublisher, OutboxRowValues } from '@tellonce/messaging';
import { CoalescingBatcher, LOGGER, runTraced } from '@tellonce/platform';
import { Job, Worker } from 'bullmq';
import type IORedis from 'ioredis';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { parseRetryAfterMs, parseRetrySchedule, retryDelayMs } from '../domain/retry-schedule';
import { signatureHeader } from '../domain/webhook-signature';
import { checkWebhookUrl } from '../domain/webhook-url-policy';
import { DeliveryStatus, WebhookDelivery } from '../entities/webhook-delivery.entity';
import { WebhookMessage } from '../entities/webhook-message.entity';
import { WebhookSubscription } from '../entities/webhook-subscription.entity';
import { lookAgainLater } from './look-again-later';
import { NOTIFICATIONS_SETTINGS, NotificationsSettings } from '../notifications.settings';
import { DeliverWebhookJob } from '../queues/notification-queues';
import { QUEUES, WEBHOOK_BACKOFF_TYPE } from '../queues/queue-names';
import { createRedisConnection } from '../queues/redis-connection';
import { SubscriptionsRepository } from '../repositories/subscriptions.repository';
import { WebhookMessagesRepository } from '../repositories/webhook-messages.repository';
import { MessageCommitSignals } from '../services/message-commit-signals';
import { NotificationsMetrics } from '../services/notifications-metrics';
import { WebhookSender, WebhookResponse } from '../services/webhook-sender';

/** Thrown to make BullMQ retry; carries the delay the processor chose (schedule + jitter, or Retry-After). */
export class WebhookRetryError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'WebhookRetryError';
  }
}

/** A job can run before the transaction that staged its message commits: wait this long for it. */
const MESSAGE_VISIBILITY_WAIT_MS = 3000;

type FoundMessage = { message: WebhookMessage; subscription: WebhookSubscription | null };
type AttemptRecord = { delivery: WebhookDelivery; outboxRow: OutboxRowValues };

/**
 * The webhook worker: one attempt per job run, Standard Webhooks headers, every attempt stored
 * with a timeline event. Retries are BullMQ's own (attempts + custom backoff strategy).
 */
@Injectable()
export class WebhookDeliveryProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: Worker<DeliverWebhookJob> | null = null;
  private connection: IORedis | null = null;
  private readonly schedule: number[];
  /**
   * The jobs running at once share their reads, and their records when nothing else changes with
   * them: one statement per batch instead of one per job (a commit's jobs wake together).
   */
  private readonly reads = new CoalescingBatcher<string, FoundMessage | null>((ids) => this.messages.findManyWithSubscription(this.dataSource.manager, ids));
  private readonly records = new CoalescingBatcher<AttemptRecord, void>(
    async (attempts) => {
      await this.messages.recordAttemptsWithEvents(this.dataSource.manager, attempts);
      this.publisher.staged(this.dataSource.manager);
      return attempts.map(() => undefined);
    },
    { key: (attempt) => attempt.delivery.messageId },
  );

  constructor(
    @Inject(NOTIFICATIONS_SETTINGS) private readonly settings: NotificationsSettings,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly messages: WebhookMessagesRepository,
    private readonly publisher: EventPublisher,
    private readonly sender: WebhookSender,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: NotificationsMetrics,
    private readonly commits: MessageCommitSignals,
  ) {
    this.schedule = parseRetrySchedule(settings.WEBHOOK_RETRY_SCHEDULE_SECONDS);
  }

  onApplicationBootstrap(): void {
    if (this.settings.WORKERS_ENABLED === 'false') return;
    this.connection = createRedisConnection(this.settings.REDIS_URL);
    this.worker = new Worker<DeliverWebhookJob>(QUEUES.webhookDelivery, (job, token) => runTraced(`job ${job.name}`, job.data.traceparent, { 'messaging.system': 'bullmq', 'messaging.destination.name': QUEUES.webhookDelivery }, () => this.process(job, token)), {
      connection: this.connection,
      prefix: this.settings.QUEUE_PREFIX,
      concurrency: 10,
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string, err?: Error) => {
          if (type !== WEBHOOK_BACKOFF_TYPE) return 0;
          if (err instanceof WebhookRetryError) return err.delayMs;
          return retryDelayMs(this.schedule, attemptsMade) ?? -1;
        },
      },
    });
    this.worker.on('error', (error) => this.logger.warn({ err: error.message }, 'webhook worker error'));
    this.worker.on('failed', (job, error) => {
      if (!(error instanceof WebhookRetryError)) this.logger.error({ jobId: job?.id, err: error.message }, 'webhook job failed unexpectedly');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => undefined);
  }

  async process(job: Job<DeliverWebhookJob>, token?: string): Promise<string> {
    const found = await this.waitForMessage(job.data.messageId);
    if (found === 'rolled-back' || !found) {
      // Its COMMIT is still under way (slow, or another replica's), or failed and will be retried.
      await lookAgainLater(job, token);
      this.logger.warn({ messageId: job.data.messageId }, 'webhook job dropped: its message never committed');
      return 'no-message';
    }
    const { message, subscription } = found;
    const attempt = message.attempts + 1;
    if (!subscription || subscription.status !== 'active') {
      await this.record(message, subscription, attempt, 'dead', { statusCode: null, retryAfter: null, durationMs: 0, error: 'subscription is not active' });
      return 'subscription-inactive';
    }
    const response = await this.attempt(message, subscription);
    const ok = response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
    if (ok) {
      await this.record(message, subscription, attempt, 'succeeded', response);
      return 'succeeded';
    }
    if (response.statusCode === 410) {
      await this.record(message, subscription, attempt, 'dead', { ...response, error: 'endpoint gone (410): subscription disabled' }, { disable: 'endpoint-gone' });
      this.logger.warn({ subscriptionId: subscription.id, agencyId: subscription.agencyId }, 'webhook endpoint answered 410: subscription disabled');
      return 'gone';
    }
    const failingSince = await this.subscriptions.markFailing(this.dataSource.manager, subscription.id, new Date());
    if (Date.now() - failingSince.getTime() >= this.settings.WEBHOOK_DISABLE_AFTER_FAILING_SECONDS * 1000) {
      await this.record(message, subscription, attempt, 'dead', response, { disable: 'failing-continuously' });
      this.logger.warn({ subscriptionId: subscription.id, agencyId: subscription.agencyId, failingSince }, 'webhook endpoint failing continuously: subscription disabled');
      return 'disabled';
    }
    const retriesLeft = job.attemptsMade + 1 < (job.opts.attempts ?? 1);
    const delay = retriesLeft ? (parseRetryAfterMs(response.retryAfter) ?? retryDelayMs(this.schedule, job.attemptsMade + 1)) : null;
    if (delay === null) {
      await this.record(message, subscription, attempt, 'dead', response);
      this.logger.warn({ subscriptionId: subscription.id, messageId: message.id, attempts: attempt }, 'webhook message dead after its last attempt');
      return 'dead';
    }
    await this.record(message, subscription, attempt, 'failed', response, { nextAt: new Date(Date.now() + delay) });
    throw new WebhookRetryError(response.error ?? 'delivery failed', delay);
  }

  private async attempt(message: WebhookMessage, subscription: WebhookSubscription): Promise<WebhookResponse> {
    const allowInsecure = this.settings.WEBHOOK_ALLOW_INSECURE === 'true';
    if (!allowInsecure) {
      // Checked again at send time: the name may resolve elsewhere now than at registration.
      const verdict = await checkWebhookUrl(subscription.url, false, async (host) => (await lookup(host, { all: true })).map((a) => a.address));
      if (!verdict.ok) return { statusCode: null, retryAfter: null, durationMs: 0, error: `url refused: ${verdict.message}` };
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const secrets = [subscription.secret];
    if (subscription.previousSecret && subscription.previousSecretExpiresAt && subscription.previousSecretExpiresAt.getTime() > Date.now()) {
      secrets.push(subscription.previousSecret);
    }
    return this.sender.send({
      url: subscription.url,
      body: message.body,
      timeoutMs: this.settings.WEBHOOK_TIMEOUT_MS,
      headers: {
        'content-type': 'application/cloudevents+json',
        'user-agent': 'TellOnce-Webhooks/1',
        'webhook-id': message.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(secrets, message.id, timestamp, message.body),
      },
    });
  }

  /**
   * Attempt row, message state and the timeline event in one statement, shared with the records of
   * other jobs finishing at the same time; in a transaction of its own with the subscription's
   * health and the next attempt's `pending` row when those change too.
   */
  private async record(
    message: WebhookMessage,
    subscription: WebhookSubscription | null,
    attempt: number,
    status: Exclude<DeliveryStatus, 'pending'>,
    response: WebhookResponse,
    options: { disable?: string; nextAt?: Date } = {},
  ): Promise<void> {
    const { row } = this.publisher.prepare(
      WebhookDeliveryRecordedV1,
      { subscriptionId: message.subscriptionId, agencyId: message.agencyId, familyId: message.familyId, eventType: message.eventType, sourceEventId: message.sourceEventId, status, attempt },
      { key: message.familyId },
    );
    // A success clears a run of failures; read with the subscription a moment ago, and a run that started since then is ended by the next success.
    const clearFailing = !!subscription?.failingSince && status === 'succeeded';
    const disable = !!subscription && !!options.disable;
    const attemptRecord: AttemptRecord = {
      delivery: { id: randomUUID(), messageId: message.id, subscriptionId: message.subscriptionId, eventType: message.eventType, attempt, status, statusCode: response.statusCode, durationMs: response.durationMs, error: response.error, at: new Date() },
      outboxRow: row,
    };
    if (options.nextAt || clearFailing || disable) {
      await this.dataSource.transaction(async (manager: EntityManager) => {
        await this.messages.recordAttemptsWithEvents(manager, [attemptRecord]);
        this.publisher.staged(manager);
        if (options.nextAt) {
          await this.messages.recordPending(manager, { id: randomUUID(), messageId: message.id, subscriptionId: message.subscriptionId, eventType: message.eventType, attempt: attempt + 1, at: options.nextAt });
        }
        if (clearFailing) await this.subscriptions.clearFailing(manager, message.subscriptionId);
        if (disable) await this.subscriptions.update(manager, message.subscriptionId, { status: 'disabled', disabledReason: options.disable });
      });
    } else {
      await this.records.submit(attemptRecord);
    }
    this.metrics.webhookAttempts.inc({ result: status });
  }

  /** The message (and its subscription) once its staging transaction committed; 'rolled-back' when this process saw it roll back; null if not visible yet. */
  private async waitForMessage(id: string): Promise<FoundMessage | null | 'rolled-back'> {
    const deadline = Date.now() + MESSAGE_VISIBILITY_WAIT_MS;
    // Staged by this process: wait for its transaction to end rather than polling (then read once).
    // WEBHOOK_COMMIT_SIGNALS=false restores pure polling (kept for before/after benchmarks).
    const ended = process.env.WEBHOOK_COMMIT_SIGNALS === 'false' ? undefined : this.commits.ended(id);
    if (ended) {
      let timer: NodeJS.Timeout | undefined;
      const committed = await Promise.race([ended, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), MESSAGE_VISIBILITY_WAIT_MS)))]);
      clearTimeout(timer);
      if (committed === false) return 'rolled-back';
    }
    for (;;) {
      const found = await this.reads.submit(id);
      if (found || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
