import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { TOPICS } from '@tellonce/contracts';
import { consumerGroupLag } from '@tellonce/messaging';
import { Metrics } from '@tellonce/platform';
import { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { SignInConfigSource } from '../auth/sign-in-config';
import { GatewayConfig, SERVICE_NAMES, serviceUrls } from '../gateway.config';
import { GATEWAY_CONFIG } from '../proxy/gateway-proxy.middleware';

export const OPS_KAFKA = Symbol('OPS_KAFKA');
export const OPS_REDIS = Symbol('OPS_REDIS');

export interface ServiceStatus {
  name: string;
  status: 'up' | 'down';
  checks: { name: string; status: string; error?: string }[];
  outbox?: { backlog: number; oldestAgeSeconds: number };
  /** Notifications only: webhook messages that exhausted their attempts (or whose endpoint is gone). */
  webhookDeadLetters?: number;
}

async function fetchWithTimeout(url: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, text: await response.text() };
}

function metricValue(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** Service health, consumer lag, queue depths and dead letters. Counts and ids only: no family data. */
@Injectable()
export class OpsStatusService implements OnModuleDestroy {
  private readonly queues = new Map<string, Queue>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(OPS_KAFKA) private readonly kafka: Kafka,
    @Inject(OPS_REDIS) private readonly redis: Redis,
    @Inject(SignInConfigSource) private readonly signIn: SignInConfigSource,
    metrics: Metrics,
  ) {
    // Kafka-wide figures no single service can see, for Prometheus (read from the broker at scrape time).
    const figures = () => this.kafkaFigures().catch(() => null);
    let pending: Promise<Awaited<ReturnType<typeof figures>>> | null = null;
    const shared = () => (pending ??= figures().finally(() => setTimeout(() => (pending = null), 1000)));
    new Gauge({
      name: 'tellonce_consumer_lag',
      help: 'Messages not yet consumed, per consumer group and topic (from Kafka offsets)',
      labelNames: ['group', 'topic'],
      registers: [metrics.registry],
      async collect() {
        const k = await shared();
        this.reset();
        for (const l of k?.lag ?? []) this.set({ group: l.group, topic: l.topic }, l.lag);
      },
    });
    new Gauge({
      name: 'tellonce_dead_letter_topic_messages',
      help: 'Messages on the dead-letter topic (tellonce.dlq.v1)',
      registers: [metrics.registry],
      async collect() {
        const k = await shared();
        if (k) this.set(k.deadLetters);
      },
    });
  }

  async status() {
    const [services, kafka, queues, signIn] = await Promise.all([this.services(), this.kafkaFigures().catch(() => null), this.queueCounts().catch(() => []), this.signIn.health()]);
    // Staff who cannot sign in cannot use the console, though partners' API calls still work: degraded.
    const anyDown = services.some((s) => s.status === 'down') || signIn.status === 'down';
    const overall = kafka === null || services.every((s) => s.status === 'down') ? 'down' : anyDown ? 'degraded' : 'ok';
    return {
      status: overall,
      checkedAt: new Date().toISOString(),
      services,
      consumerLag: kafka?.lag ?? [],
      queues,
      deadLetters: kafka?.deadLetters ?? null,
      webhookDeadLetters: services.find((s) => s.name === 'notifications')?.webhookDeadLetters ?? null,
      signIn,
    };
  }

  private async services(): Promise<ServiceStatus[]> {
    const urls = serviceUrls(this.config);
    return Promise.all(
      SERVICE_NAMES.map(async (name): Promise<ServiceStatus> => {
        try {
          const [ready, metrics] = await Promise.all([fetchWithTimeout(`${urls[name]}/health/ready`, 2000), fetchWithTimeout(`${urls[name]}/metrics`, 2000).catch(() => ({ status: 0, text: '' }))]);
          const body = JSON.parse(ready.text) as { checks?: { name: string; status: string; error?: string }[] };
          return {
            name,
            status: ready.status === 200 ? 'up' : 'down',
            checks: (body.checks ?? []).map((c) => ({ name: c.name, status: c.status, ...(c.error ? { error: c.error } : {}) })),
            outbox: { backlog: metricValue(metrics.text, 'tellonce_outbox_backlog'), oldestAgeSeconds: metricValue(metrics.text, 'tellonce_outbox_oldest_age_seconds') },
            ...(name === 'notifications' ? { webhookDeadLetters: metricValue(metrics.text, 'tellonce_webhook_dead_letters') } : {}),
          };
        } catch (error) {
          return { name, status: 'down', checks: [{ name: 'reachable', status: 'down', error: (error as Error).name === 'TimeoutError' ? 'timed out' : 'not answering' }] };
        }
      }),
    );
  }

  private async kafkaFigures() {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const groups = SERVICE_NAMES.map((s) => `tellonce.${s}${this.config.OPS_CONSUMER_GROUP_SUFFIX}`);
      const lag = (await consumerGroupLag(admin, groups)).map(({ group, topic, lag }) => ({ group, topic, lag }));
      const dlq = await admin.fetchTopicOffsets(TOPICS.deadLetters);
      const deadLetters = dlq.reduce((sum, p) => sum + (Number(p.high) - Number(p.low)), 0);
      return { lag, deadLetters };
    } finally {
      await admin.disconnect();
    }
  }

  /** BullMQ queues are found by their `<prefix>:<name>:meta` keys, so a new queue shows up without a change here. */
  private async queueCounts() {
    const found = new Map<string, { prefix: string; name: string }>();
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', '*:meta', 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const match = /^([^:]+):([^:]+):meta$/.exec(key);
        if (match) found.set(key, { prefix: match[1], name: match[2] });
      }
    } while (cursor !== '0');
    return Promise.all(
      [...found.values()].sort((a, b) => a.name.localeCompare(b.name)).map(async ({ prefix, name }) => {
        let queue = this.queues.get(`${prefix}:${name}`);
        if (!queue) {
          queue = new Queue(name, { connection: this.redis, prefix });
          this.queues.set(`${prefix}:${name}`, queue);
        }
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
        return { name, waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
      }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
  }
}
