/**
 * Helpers for bench/timeline.bench.ts: a private Kafka broker, the built timeline service and gateway
 * as child processes, sequential HTTP latency sampling, and the projection's catch-up rate.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CloudEvent, ReferralRaisedV1, RouteStatusChangedV1, toKafkaHeaders, TOPICS } from '@tellonce/contracts';
import type { ReferralRaisedData, RouteStatusChangedData } from '@tellonce/contracts';
import { Kafka, logLevel, Message } from 'kafkajs';
import { Client } from 'pg';

export const ROOT = path.resolve(__dirname, '../..');
const LOG_DIR = path.join(ROOT, '.tellonce', 'timeline-bench-logs');

interface KafkaSettings {
  dataDir: string;
}
interface Infra {
  settings(env: NodeJS.ProcessEnv): { kafka: KafkaSettings };
  ensureKafka(k: KafkaSettings): Promise<number | null>;
  kafkaReady(brokers: string, timeoutMs: number): Promise<{ disconnect(): Promise<void> }>;
  ensureTopics(admin: { disconnect(): Promise<void> }): Promise<void>;
  stopKafka(k: KafkaSettings): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const infra: Infra = require(path.join(ROOT, 'scripts', 'infra.js'));

export interface LatencyStats {
  n: number;
  p50: number;
  p99: number;
}

/** A private, freshly formatted broker with the topic list, so the bench never shares partitions with anyone. */
export class PrivateBroker {
  private readonly kafka: KafkaSettings;

  constructor(readonly brokers = process.env.TIMELINE_BENCH_KAFKA_BROKERS || '127.0.0.1:47092') {
    this.kafka = infra.settings({ ...process.env, KAFKA_BROKERS: brokers, KAFKA_DATA_DIR: path.join(ROOT, '.tellonce', 'kafka-timeline-bench') }).kafka;
  }

  async up(): Promise<void> {
    await infra.stopKafka(this.kafka);
    fs.rmSync(this.kafka.dataDir, { recursive: true, force: true });
    await infra.ensureKafka(this.kafka);
    const admin = await infra.kafkaReady(this.brokers, 120_000);
    try {
      await infra.ensureTopics(admin);
    } finally {
      await admin.disconnect();
    }
  }

  down(): Promise<void> {
    return infra.stopKafka(this.kafka);
  }
}

/** A built app (dist/) as a child process; stdout/stderr go to .tellonce/timeline-bench-logs/<name>.log. */
export class ChildService {
  private child: ChildProcess | null = null;
  private exited = false;
  readonly logFile: string;

  constructor(
    readonly name: string,
    private readonly main: string,
    private readonly env: Record<string, string>,
  ) {
    this.logFile = path.join(LOG_DIR, `${name}.log`);
  }

  start(): void {
    fs.mkdirSync(LOG_DIR, { recursive: true });
    const out = fs.openSync(this.logFile, 'w');
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.env };
    delete env.KAFKA_CONSUMER_START_AT_LATEST;
    this.child = spawn(process.execPath, ['-r', './scripts/register-paths.js', this.main], { cwd: ROOT, env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.exited = false;
    this.child.once('exit', () => (this.exited = true));
  }

  async waitUntil(url: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exited) throw new Error(`${this.name} exited during start; see ${this.logFile}`);
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`${this.name} not ready at ${url} within ${timeoutMs} ms; see ${this.logFile}`);
      await sleep(200);
    }
  }

  /** SIGTERM, then SIGKILL after 10 s; only the process this object started. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || this.exited || child.pid === undefined) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function stats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { n: sorted.length, p50: at(0.5), p99: at(0.99) };
}

/** Sequential GETs (one in flight), keep-alive via fetch; every answer must be 200. */
export async function sampleGet(url: string, headers: Record<string, string>, warmup: number, iterations: number): Promise<LatencyStats> {
  const once = async (): Promise<number> => {
    const started = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    const elapsed = performance.now() - started;
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
    return elapsed;
  };
  for (let i = 0; i < warmup; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) samples.push(await once());
  return stats(samples);
}

export async function devToken(gatewayUrl: string): Promise<string> {
  const res = await fetch(`${gatewayUrl}/v1/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: 'bench-coordinator', role: 'coordinator', hubId: 'hub-north' }),
  });
  if (res.status !== 201) throw new Error(`dev-token answered ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const ACTOR = { sub: 'bench-practitioner', role: 'practitioner', agencyId: 'ag-bench' };

function envelope<T>(type: string, familyId: string, at: Date, data: T): CloudEvent<T> {
  return {
    specversion: '1.0', id: randomUUID(), source: 'tellonce/referrals', type, time: at.toISOString(),
    datacontenttype: 'application/json', partitionkey: familyId, correlationid: randomUUID(), data,
  };
}

/** K valid referral events: per fresh family one ReferralRaisedV1 then RouteStatusChangedV1s (PER_FAMILY events a family). */
export function catchUpMessages(total: number, perFamily = 5): Message[] {
  const messages: Message[] = [];
  const base = Date.parse('2026-01-01T00:00:00Z');
  const statuses = ['awaiting-consent', 'requested', 'accepted', 'in-progress', 'completed', 'closed'];
  let familyNo = 0;
  while (messages.length < total) {
    const familyId = randomUUID();
    const referralId = randomUUID();
    const routeId = randomUUID();
    const route = { routeId, agencyId: 'ag-bench', serviceId: 'svc-bench', needCodes: ['debt'], urgency: 'routine' as const };
    const at = (i: number) => new Date(base + familyNo * 60_000 + i * 1000);
    const raised: ReferralRaisedData = {
      referralId, reference: `FAM-B${String(familyNo).padStart(5, '0')}`, familyId, hubId: 'hub-north', channel: 'web',
      needs: [{ needId: randomUUID(), code: 'debt', urgency: 'routine', routeId }],
      routes: [{ ...route, status: statuses[0] }], unmetNeedCodes: [], actor: ACTOR,
    };
    const events: CloudEvent[] = [envelope(ReferralRaisedV1.type, familyId, at(0), raised)];
    for (let i = 1; i < perFamily && messages.length + events.length < total; i++) {
      const changed: RouteStatusChangedData = { referralId, familyId, ...route, from: statuses[(i - 1) % statuses.length], to: statuses[i % statuses.length], actor: ACTOR };
      events.push(envelope(RouteStatusChangedV1.type, familyId, at(i), changed));
    }
    for (const event of events) messages.push({ key: familyId, value: JSON.stringify(event.data), headers: toKafkaHeaders(event) });
    familyNo++;
  }
  return messages;
}

export async function produce(brokers: string, topic: string, messages: Message[]): Promise<number> {
  const kafka = new Kafka({ clientId: 'timeline-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const started = performance.now();
  try {
    for (let i = 0; i < messages.length; i += 1000) await producer.send({ topic, messages: messages.slice(i, i + 1000) });
  } finally {
    await producer.disconnect();
  }
  return performance.now() - started;
}

export interface RateResult {
  events: number;
  /** From the consumer (or service process) start until the last event was applied. */
  totalMs: number;
  /** From the first applied event until the last: the steady-state rate. */
  steadyMs: number;
  eventsPerSecond: number;
  eventsPerSecondInclStart: number;
}

function rate(events: number, startedAt: number, firstAt: number, firstCount: number, doneAt: number): RateResult {
  const steadyMs = Math.max(1, doneAt - firstAt);
  const totalMs = doneAt - startedAt;
  return { events, totalMs, steadyMs, eventsPerSecond: ((events - firstCount) / steadyMs) * 1000, eventsPerSecondInclStart: (events / totalMs) * 1000 };
}

/** Baseline: a bare kafkajs consumer with a fresh group reading the same K messages (no handler, no DB). */
export async function rawConsumeRate(brokers: string, topic: string, expected: number): Promise<RateResult> {
  const kafka = new Kafka({ clientId: 'timeline-bench-raw', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `timeline-bench-raw-${randomUUID()}` });
  let count = 0;
  let firstAt = 0;
  let firstCount = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const startedAt = performance.now();
    let doneAt = 0;
    await consumer.run({
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch }) => {
        if (firstAt === 0) {
          firstAt = performance.now();
          firstCount = batch.messages.length;
        }
        count += batch.messages.length;
        if (count >= expected && doneAt === 0) {
          doneAt = performance.now();
          done();
        }
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`raw consumer saw ${count}/${expected} messages in 300 s`)), 300_000)));
    try {
      await Promise.race([finished, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return rate(expected, startedAt, firstAt, firstCount, doneAt);
  } finally {
    await consumer.disconnect();
  }
}

/** Polls `SELECT count(*) FROM timeline_entry` every 100 ms from `startedAt` until it reaches `expected`. */
export async function projectionCatchUp(databaseUrl: string, expected: number, startedAt: number, service: ChildService, timeoutMs = 600_000): Promise<RateResult> {
  const client = new Client({ connectionString: databaseUrl });
  let connected = false;
  const deadline = Date.now() + timeoutMs;
  let firstAt = 0;
  let firstCount = 0;
  let count = 0;
  try {
    for (;;) {
      if (!connected) {
        await client.connect();
        connected = true;
      }
      const rows: { count: number }[] = await client
        .query('SELECT count(*)::int AS count FROM timeline_entry')
        .then((r) => r.rows)
        .catch(() => [{ count: 0 }]); // table not migrated yet
      count = rows[0].count;
      const now = performance.now();
      if (count > 0 && firstAt === 0) {
        firstAt = now;
        firstCount = count;
      }
      if (count >= expected) return rate(expected, startedAt, firstAt, firstCount, now);
      if (Date.now() > deadline) throw new Error(`projection reached ${count}/${expected} entries in ${timeoutMs} ms; see ${service.logFile}`);
      await sleep(100);
    }
  } finally {
    if (connected) await client.end();
  }
}

export const REFERRALS_TOPIC = TOPICS.referrals;
