import { Injectable } from '@nestjs/common';
import { Metrics } from '@tellonce/platform';
import { Counter, Gauge } from 'prom-client';
import { NotificationQueues } from '../queues/notification-queues';
import { SubscriptionsRepository } from '../repositories/subscriptions.repository';
import { WebhookMessagesRepository } from '../repositories/webhook-messages.repository';

/** Webhook and queue signals, on the service's one Prometheus registry (served at /metrics). */
@Injectable()
export class NotificationsMetrics {
  readonly webhookAttempts: Counter<'result'>;

  constructor(metrics: Metrics, queues: NotificationQueues, messages: WebhookMessagesRepository, subscriptions: SubscriptionsRepository) {
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
    // How ops are told that an endpoint was switched off (410, or failing for WEBHOOK_DISABLE_AFTER_FAILING_SECONDS): alerted on.
    new Gauge({
      name: 'tellonce_webhook_subscriptions_disabled',
      help: 'Webhook subscriptions disabled by the platform, by reason (endpoint-gone, failing-continuously)',
      labelNames: ['reason'],
      registers: [metrics.registry],
      async collect() {
        const rows = await subscriptions.disabledByReason().catch(() => null);
        if (!rows) return;
        this.reset();
        for (const reason of ['endpoint-gone', 'failing-continuously']) this.set({ reason }, 0);
        for (const row of rows) this.set({ reason: row.reason }, row.count);
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
