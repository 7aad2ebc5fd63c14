/**
 * npm run bench:delivery — webhook deliveries/s and event-to-webhook latency, isolating the
 * notifications service: route-requested events are produced straight onto the referrals topic
 * (as the referrals outbox relay would) at fixed rates for families whose consent is recorded, and
 * a local receiver subscribed for the agency takes the webhooks. In the same run: the raw BullMQ
 * enqueue -> process rate (no-op worker, same Redis) as the baseline.
 *
 * Env: BENCH_RATES=25,50,100,200  BENCH_STEP_SECONDS=10  BENCH_DRAIN_SECONDS=40  BENCH_FAMILIES=100
 */
import { randomUUID } from 'node:crypto';
import { CloudEvent, RouteStatusChangedData, RouteStatusChangedV1, toKafkaHeaders } from '@tellonce/contracts';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { benchEnv, BENCH_NEEDS, createFamilies, devToken, log, openLoop, roundSummary, sleep, Stack, startBenchStack, stopBenchStack, subscribeAgencies, WebhookReceiver } from './harness';
import { machine, runConcurrently, summarise, table, writeResult } from './support';

const RATES = (process.env.BENCH_RATES || '25,50,100,200').split(',').map(Number);
const STEP_MS = Number(process.env.BENCH_STEP_SECONDS || 10) * 1000;
const DRAIN_MS = Number(process.env.BENCH_DRAIN_SECONDS || 40) * 1000;
const FAMILIES = Number(process.env.BENCH_FAMILIES || 100);

async function rawBullMq(redisUrl: string, n: number): Promise<{ perSec: number; latencyMs: ReturnType<typeof summarise> }> {
  const prefix = `bench-raw-${process.pid}`;
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('raw', { connection, prefix });
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  const worker = new Worker(
    'raw',
    async (job) => {
      latencies.push(performance.now() - (sent.get(job.id ?? '') ?? performance.now()));
      if (latencies.length === n) done();
    },
    { connection: new IORedis(redisUrl, { maxRetriesPerRequest: null }), prefix, concurrency: 10 },
  );
  const started = performance.now();
  await runConcurrently(n, 16, async (i) => {
    sent.set(`j${i}`, performance.now());
    await queue.add('job', { i }, { jobId: `j${i}`, removeOnComplete: true });
  });
  await Promise.race([all, sleep(60_000)]);
  const ms = performance.now() - started;
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await connection.quit();
  return { perSec: Math.round((latencies.length / ms) * 1000), latencyMs: roundSummary(summarise(latencies)) };
}

async function main(): Promise<void> {
  const env = benchEnv();
  let stack: Stack | null = null;
  const receiver = new WebhookReceiver();
  const kafka = new Kafka({ clientId: 'bench-delivery', brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  try {
    stack = await startBenchStack(env);
    const base = `http://127.0.0.1:${env.GATEWAY_PORT}`;
    await receiver.start(0);
    const token = await devToken(base, { role: 'coordinator', hubId: 'hub-north' });
    await sleep(5000); // notifications learns the agencies from the seeded directory's events
    await subscribeAgencies(base, receiver, BENCH_NEEDS.map((n) => n.agencyId));
    const families = await createFamilies(base, token, FAMILIES, true);
    await sleep(5000);
    await producer.connect();
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    receiver.onArrival = (a) => {
      const t = a.referralId ? sentAt.get(a.referralId) : undefined;
      if (t !== undefined) latencies.push(a.at - t);
    };
    const produce = async (i: number) => {
      const family = families[i % families.length];
      const need = BENCH_NEEDS[i % BENCH_NEEDS.length];
      const referralId = randomUUID();
      const id = randomUUID();
      const data: RouteStatusChangedData = { referralId, familyId: family.id, routeId: randomUUID(), agencyId: need.agencyId, serviceId: 'bench', needCodes: [need.code], urgency: 'routine', from: 'awaiting-consent', to: 'requested', actor: { sub: 'system', role: 'system' } };
      const event: CloudEvent = { specversion: '1.0', id, source: 'tellonce/referrals', type: RouteStatusChangedV1.type, time: new Date().toISOString(), datacontenttype: 'application/json', partitionkey: family.id, correlationid: id, data };
      sentAt.set(referralId, performance.now());
      await producer.send({ topic: RouteStatusChangedV1.topic, acks: -1, messages: [{ key: family.id, value: JSON.stringify(data), headers: toKafkaHeaders(event) }] });
      return true;
    };
    await openLoop(5, 3000, produce); // warm-up
    await sleep(5000);
    const steps = [];
    for (const rate of RATES) {
      latencies.length = 0;
      sentAt.clear();
      const started = performance.now();
      const produced = await openLoop(rate, STEP_MS, produce);
      const deadline = performance.now() + DRAIN_MS;
      while (latencies.length < produced.ok && performance.now() < deadline) await sleep(100);
      const span = (performance.now() - started) / 1000;
      const s = roundSummary(summarise(latencies));
      const perSec = +(latencies.length / Math.min(span, (Math.max(...latencies, 0) + STEP_MS) / 1000)).toFixed(1);
      log(`${rate} events/s: ${latencies.length}/${produced.ok} delivered, ~${perSec}/s, event->webhook p50 ${s.p50} p99 ${s.p99} ms`);
      steps.push({ offeredPerSec: rate, produced: produced.ok, delivered: latencies.length, deliveriesPerSec: perSec, eventToWebhookMs: s });
      await sleep(3000);
    }
    log('baseline: raw BullMQ enqueue -> process (no-op worker, concurrency 10)');
    const raw = await rawBullMq(env.REDIS_URL, 3000);
    const result = { at: new Date().toISOString(), machine: machine(), webhookCommitSignals: process.env.WEBHOOK_COMMIT_SIGNALS !== 'false', note: 'Other helpers ran e2e suites on this 2-core machine at the same time.', settings: { rates: RATES, stepSeconds: STEP_MS / 1000, drainSeconds: DRAIN_MS / 1000 }, rawBullMq: raw, steps };
    process.stdout.write(
      `\nraw BullMQ enqueue->process: ${raw.perSec} jobs/s, latency p50 ${raw.latencyMs.p50} ms p99 ${raw.latencyMs.p99} ms\n\n` +
        table(
          steps.map((s) => ({
            'events /s offered': s.offeredPerSec,
            delivered: `${s.delivered}/${s.produced}`,
            'deliveries /s': s.deliveriesPerSec,
            'event->webhook p50 / p95 / p99 ms': `${s.eventToWebhookMs.p50} / ${s.eventToWebhookMs.p95} / ${s.eventToWebhookMs.p99}`,
            'deliveries/s ÷ raw BullMQ jobs/s': (s.deliveriesPerSec / raw.perSec).toFixed(3),
          })),
        ) +
        '\n',
    );
    log(`written ${writeResult(process.env.BENCH_NAME || 'delivery', result)}`);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await receiver.stop().catch(() => undefined);
    if (stack) await stopBenchStack(stack);
  }
  process.exit(0);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
