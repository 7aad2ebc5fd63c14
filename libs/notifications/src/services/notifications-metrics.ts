import { Injectable } from '@nestjs/common';
import { Metrics } from '@tellonce/platform';
import { Counter, Gauge } from 'prom-client';
import { NotificationQueues } from '../queues/notification-queues';
import { WebhookMessagesRepository } from '../repositories/webhook-messages.repository';

/** Webhook and queue signals, on the service's one Prometheus registry (served at /metrics). */
@Injectable()
export class NotificationsMetrics {
  readonly webhookAttempts: Counter<'result'>;

  constructor(metrics: Metrics, queues: NotificationQueues, messages: WebhookMessagesRepository) {
    this.webhookAttempts = new Counter({ name: 'tellonce_webhook_attempts_total', help: 'Webhook delivery attempts by result (succeeded, failed, dead)', labelNames: ['result'], registers: [metrics.registry] });
    new Gauge({
      name: 'tellonce_queue_jobs',
      help: 'BullMQ jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [metrics.registry],
      async collect() {
        const counts = await queues.counts().catch(() => []);
        for (const c of counts) for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) this.set({ queue: c.name, state }, c[state]);
      },
    });
    new Gauge({
      name: 'tellonce_webhook_dead_letters',
      help: 'Webhook messages that exhausted their attempts, or whose endpoint is gone or disabled (status dead)',
      registers: [metrics.registry],
      async collect() {
        const counts = await messages.counts().catch(() => null);
        if (counts) this.set(counts.dead);
      },
    });
  }
}
