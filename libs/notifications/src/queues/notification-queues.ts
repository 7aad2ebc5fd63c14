import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { currentTraceparent, HealthRegistry } from '@tellonce/platform';
import { JobsOptions, Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { maxAttempts, parseRetrySchedule } from '../domain/retry-schedule';
import { NOTIFICATIONS_SETTINGS, NotificationsSettings } from '../notifications.settings';
import { DIGEST_SCHEDULER_ID, JOBS, QUEUES, WEBHOOK_BACKOFF_TYPE } from './queue-names';
import { createRedisConnection } from './redis-connection';

export interface DeliverWebhookJob {
  messageId: string;
  /** W3C trace context of the work that enqueued the job (the worker's span continues it). */
  traceparent?: string;
}

export interface UrgentEmailJob {
  notificationId: string;
  traceparent?: string;
}

export interface QueueCounts {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

function traced(): { traceparent?: string } {
  const traceparent = currentTraceparent();
  return traceparent ? { traceparent } : {};
}

interface PendingJob {
  queue: Queue;
  name: string;
  data: unknown;
  options: JobsOptions;
}

/**
 * Producer side of the notification queues (the workers live in their own processor classes).
 *
 * Jobs are added at once. The fan-out and the notifier call these from the commit hook of the
 * transaction that writes the jobs' rows (`WrittenAtCommit`, ADR 8): if Redis is down the commit
 * fails and Kafka redelivers, and a transaction that rolls back adds no job. A job whose row is still
 * not visible when it runs (the COMMIT itself failed, or another replica's slow commit) is put back
 * by its worker (`lookAgainLater`).
 */
@Injectable()
export class NotificationQueues implements OnModuleInit, OnModuleDestroy {
  private readonly connection: IORedis;
  readonly webhooks: Queue<DeliverWebhookJob>;
  readonly email: Queue<UrgentEmailJob | Record<string, never>>;
  private readonly attempts: number;

  constructor(
    @Inject(NOTIFICATIONS_SETTINGS) private readonly settings: NotificationsSettings,
    private readonly health: HealthRegistry,
  ) {
    this.connection = createRedisConnection(settings.REDIS_URL);
    this.attempts = maxAttempts(parseRetrySchedule(settings.WEBHOOK_RETRY_SCHEDULE_SECONDS));
    this.webhooks = new Queue(QUEUES.webhookDelivery, { connection: this.connection, prefix: settings.QUEUE_PREFIX });
    this.email = new Queue(QUEUES.email, { connection: this.connection, prefix: settings.QUEUE_PREFIX });
  }

  async onModuleInit(): Promise<void> {
    this.health.register('redis', async () => {
      await this.connection.ping();
    });
    if (this.settings.WORKERS_ENABLED !== 'false') {
      await this.email.upsertJobScheduler(DIGEST_SCHEDULER_ID, { every: this.settings.DIGEST_INTERVAL_SECONDS * 1000 }, { name: JOBS.sendDigest, data: {} });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.webhooks.close();
    await this.email.close();
    await this.connection.quit().catch(() => undefined);
  }

  /** One job per (message, replay): the job id makes a redelivered source event enqueue nothing new. */
  async enqueueDelivery(messageId: string, replay = 0): Promise<void> {
    await this.addAll([this.deliveryJob(messageId, replay)]);
  }

  /** First deliveries of new messages, in one round trip. */
  async enqueueDeliveries(messageIds: string[]): Promise<void> {
    if (messageIds.length) await this.addAll(messageIds.map((id) => this.deliveryJob(id, 0)));
  }

  private deliveryJob(messageId: string, replay: number): PendingJob {
    const options: JobsOptions = {
      jobId: `${messageId}-r${replay}`,
      attempts: this.attempts,
      backoff: { type: WEBHOOK_BACKOFF_TYPE },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 10000 },
    };
    return { queue: this.webhooks as Queue, name: JOBS.deliverWebhook, data: { messageId, ...traced() }, options };
  }

  async enqueueUrgentEmail(notificationId: string): Promise<void> {
    const options: JobsOptions = { jobId: `urgent-${notificationId}`, attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } };
    await this.email.add(JOBS.sendUrgentEmail, { notificationId, ...traced() }, options);
  }

  private async addAll(jobs: PendingJob[]): Promise<void> {
    for (const queue of new Set(jobs.map((j) => j.queue))) {
      await queue.addBulk(jobs.filter((j) => j.queue === queue).map((j) => ({ name: j.name, data: j.data, opts: j.options })));
    }
  }

  async counts(): Promise<QueueCounts[]> {
    return Promise.all(
      [this.webhooks, this.email].map(async (queue) => {
        const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
        return { name: queue.name, waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
      }),
    );
  }
}
