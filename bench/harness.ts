/**
 * Shared machinery for the stack benches (intake, consent, delivery, load): starts the BUILT stack
 * on the bench's own ports, databases, Redis db and consumer groups, drives it open-loop, samples
 * consumer lag and per-process CPU/memory from /proc, and measures the baselines in the same run.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { consumerGroupLag } from '@tellonce/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { runConcurrently, summarise } from './support';

const ROOT = path.resolve(__dirname, '../..');
const load = createRequire(__filename);

interface StackChild {
  name: string;
  child: { pid?: number };
}
export interface Stack {
  env: Record<string, string>;
  children: StackChild[];
}
interface StackModule {
  startStack(o: { env: Record<string, string | undefined>; logDir: string | null; timeoutMs?: number }): Promise<Stack>;
  stopStack(s: Stack): Promise<void>;
  runOnce(name: string, script: string, env: Record<string, string>): Promise<boolean>;
  SERVICES: string[];
}
const stackModule = (): StackModule => load(path.join(ROOT, 'scripts', 'stack.js')) as StackModule;

export const SERVICES = ['referrals', 'consent', 'plans', 'notifications', 'timeline'];

/** The bench stack's settings; every one can be overridden from the environment. */
export function benchEnv(extra: Record<string, string> = {}): Record<string, string> {
  const e = process.env;
  const env: Record<string, string> = {
    ...(Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as Record<string, string>),
    KAFKA_BROKERS: e.BENCH_KAFKA_BROKERS || e.KAFKA_BROKERS || '127.0.0.1:9092',
    DB_PREFIX: e.BENCH_DB_PREFIX || e.TEST_DB_PREFIX || 'tellonce_bench',
    REDIS_URL: e.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/3',
    GATEWAY_PORT: e.TEST_GATEWAY_PORT || '48080',
    SERVICE_PORT_BASE: e.TEST_SERVICE_PORT_BASE || '43000',
    KAFKA_CONSUMER_GROUP_SUFFIX: e.KAFKA_CONSUMER_GROUP_SUFFIX ?? '.bench',
    LOG_LEVEL: e.BENCH_LOG_LEVEL || 'warn',
    NODE_ENV: 'production',
    AUTH_MODE: 'dev',
    WEBHOOK_ALLOW_INSECURE: 'true',
    SMTP_URL: e.BENCH_SMTP_URL || 'smtp://127.0.0.1:41025',
    SMTP_SINK_HTTP_PORT: e.BENCH_SMTP_SINK_HTTP_PORT || '41080',
    ...extra,
  };
  return env;
}

export function log(message: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Drops and recreates the bench databases so every run starts from the same state. */
export async function freshDatabases(env: Record<string, string>): Promise<void> {
  const admin = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await admin.connect();
  try {
    for (const service of [...SERVICES, 'gateway']) {
      const db = `${env.DB_PREFIX}_${service}`;
      await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${db}"`);
    }
  } finally {
    await admin.end();
  }
}

export async function startBenchStack(env: Record<string, string>, { fresh = true, seed = true } = {}): Promise<Stack> {
  if (fresh) await freshDatabases(env);
  const logDir = path.join(ROOT, 'test-artifacts', 'bench-logs');
  fs.rmSync(logDir, { recursive: true, force: true });
  const m = stackModule();
  // A previous run's services may still be draining: wait for the ports instead of failing half-started.
  const ports = [Number(env.GATEWAY_PORT), ...SERVICES.map((_, i) => Number(env.SERVICE_PORT_BASE) + i + 1)];
  const { portOpen } = load(path.join(ROOT, 'scripts', 'infra.js')) as { portOpen: (host: string, port: number) => Promise<boolean> };
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(500)) {
    if (!(await Promise.all(ports.map((p) => portOpen('127.0.0.1', p)))).some(Boolean)) break;
  }
  log(`starting the stack (gateway :${env.GATEWAY_PORT}, services :${Number(env.SERVICE_PORT_BASE) + 1}-${Number(env.SERVICE_PORT_BASE) + 5}, broker ${env.KAFKA_BROKERS}, logs ${path.relative(ROOT, logDir)})`);
  const stack = await m.startStack({ env, logDir, timeoutMs: 180_000 });
  if (seed) await m.runOnce('referrals', 'seed', stack.env);
  return stack;
}

export async function stopBenchStack(stack: Stack): Promise<void> {
  await stackModule().stopStack(stack);
}

// ---------------------------------------------------------------- HTTP client (keep-alive, no deps)

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

export interface HttpAnswer {
  status: number;
  body: string;
}

export function request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      { method, agent, headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export async function json<T>(method: string, url: string, body: unknown, headers: Record<string, string>, expected: number): Promise<T> {
  const answer = await request(method, url, body, headers);
  if (answer.status !== expected) throw new Error(`${method} ${new URL(url).pathname} -> ${answer.status}: ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body) as T;
}

export async function devToken(base: string, claims: { role: string; agencyId?: string; hubId?: string; sub?: string }): Promise<string> {
  const r = await json<{ accessToken: string }>('POST', `${base}/v1/auth/dev-token`, { sub: claims.sub ?? `bench-${claims.role}-${claims.agencyId ?? 'x'}`, ...claims }, {}, 201);
  return r.accessToken;
}

// ---------------------------------------------------------------- open-loop driver

export interface OpenLoopResult {
  offeredPerSec: number;
  sent: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  durationMs: number;
  /** Completions per second over the time from the first arrival to the last answer. */
  achievedPerSec: number;
  latencyMs: ReturnType<typeof summarise>;
}

/**
 * Fixed arrival rate: request i is due at start + i/rate whatever happened to earlier ones (open
 * loop). Latency is measured from the DUE time, so a generator or server that falls behind shows
 * up in the figures instead of silently lowering the rate (no coordinated omission).
 */
export async function openLoop(ratePerSec: number, durationMs: number, fire: (i: number) => Promise<boolean | number>): Promise<OpenLoopResult> {
  const total = Math.max(1, Math.round((ratePerSec * durationMs) / 1000));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let lastDone = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * ratePerSec) / 1000) + 1);
      while (sent < due) {
        const i = sent++;
        const dueAt = start + (i * 1000) / ratePerSec;
        pending.push(
          fire(i)
            .then(
              (r) => {
                const good = r === true || (typeof r === 'number' && r >= 200 && r < 300);
                const key = typeof r === 'number' ? String(r) : good ? 'ok' : 'bad';
                statuses[key] = (statuses[key] ?? 0) + 1;
                if (good) ok++;
                else failed++;
              },
              (e: Error) => {
                failed++;
                const key = e.message.slice(0, 40);
                statuses[key] = (statuses[key] ?? 0) + 1;
              },
            )
            .finally(() => {
              const end = performance.now();
              latencies.push(end - dueAt);
              lastDone = Math.max(lastDone, end);
            }),
        );
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
  await Promise.all(pending);
  const durationMs2 = lastDone - start;
  return { offeredPerSec: ratePerSec, sent, ok, failed, statuses, durationMs: Math.round(durationMs2), achievedPerSec: +((ok / durationMs2) * 1000).toFixed(1), latencyMs: roundSummary(summarise(latencies)) };
}

export function roundSummary(s: ReturnType<typeof summarise>): ReturnType<typeof summarise> {
  const r = (x: number) => (Number.isFinite(x) ? +x.toFixed(1) : x);
  return { n: s.n, p50: r(s.p50), p95: r(s.p95), p99: r(s.p99), max: r(s.max) };
}

/** Bare HTTP round trip through the gateway (its own liveness route: no proxying, no database). */
export function bareGateway(base: string, ratePerSec: number, durationMs: number): Promise<OpenLoopResult> {
  return openLoop(ratePerSec, durationMs, async () => (await request('GET', `${base}/health/live`)).status);
}

// ---------------------------------------------------------------- process sampling (/proc)

const TICKS_PER_SEC = 100; // getconf CLK_TCK on Linux

export interface ProcSample {
  cpuTicks: number;
  rssMiB: number;
}

export function readProc(pid: number): ProcSample | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14, 15)
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return { cpuTicks, rssMiB: rss ? Math.round(Number(rss[1]) / 1024) : 0 };
  } catch {
    return null;
  }
}

function pidsByName(comm: string): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) out.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Command lines by pid, read once: the part matched on (program, database name) does not change. */
const commandLines = new Map<number, string>();

function pidsByCommandLine(pattern: RegExp): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let line = commandLines.get(pid);
    if (line === undefined) {
      try {
        line = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        continue; // gone
      }
      commandLines.set(pid, line);
    }
    if (pattern.test(line)) out.push(pid);
  }
  return out;
}

/**
 * The processes the report names: the stack's children, each service's PostgreSQL backends (its
 * database's share of the server's work), the broker, the bench itself, and the rest of PostgreSQL
 * and Redis (shared).
 */
export function watchedProcesses(stack: Stack | null, brokerDataDir: string, dbPrefix: string): Record<string, () => number[]> {
  const procs: Record<string, () => number[]> = {};
  for (const c of stack?.children ?? []) if (c.child.pid) procs[c.name] = () => [c.child.pid as number];
  for (const c of stack?.children ?? []) if (c.name !== 'mail-sink') procs[`pg ${c.name}`] = () => pidsByCommandLine(new RegExp(`^postgres: .* ${dbPrefix}_${c.name} `));
  const pidFile = path.join(brokerDataDir, 'broker.pid');
  // The bench's own broker writes a pid file; the shared local one (infra.js) is found by its main class.
  procs['kafka broker'] = fs.existsSync(pidFile) ? () => [Number(fs.readFileSync(pidFile, 'utf8'))] : () => pidsByCommandLine(/ kafka\.Kafka /);
  procs['bench (load generator + receivers)'] = () => [process.pid];
  procs['postgresql (other backends, shared)'] = () => pidsByCommandLine(new RegExp(`^\\S*postgres(?!: .* ${dbPrefix}_)`));
  procs['redis (shared)'] = () => pidsByName('redis-server');
  return procs;
}

/** Share of all cores busy over a window, from /proc/stat: whether the machine itself is the limit. */
export function machineBusyWindow(): () => number {
  const read = () => {
    const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = fields.map(Number);
    const idle = n[3] + n[4];
    return { total: n.reduce((a, b) => a + b, 0), idle };
  };
  const before = read();
  return () => {
    const after = read();
    const total = after.total - before.total;
    return total > 0 ? Math.round((100 * (total - (after.idle - before.idle))) / total) : 0;
  };
}

export interface ProcUsage {
  process: string;
  cpuPercent: number;
  rssMiB: number;
}

/**
 * Starts a window: call the returned function at the end of it for CPU % (of one core) and RSS.
 * Counted per process and looked at every second: one that started inside the window (a new
 * pooled database connection) counts from zero; one that ended inside it keeps what it used until
 * the last look.
 */
export function cpuWindow(procs: Record<string, () => number[]>): () => ProcUsage[] {
  const started = performance.now();
  const first = new Map<number, number>();
  const latest = new Map<number, number>();
  const seen = new Map<string, Set<number>>(Object.keys(procs).map((name) => [name, new Set<number>()]));
  const look = (atStart: boolean) => {
    for (const [name, pids] of Object.entries(procs)) {
      for (const pid of pids()) {
        const ticks = readProc(pid)?.cpuTicks;
        if (ticks === undefined) continue;
        seen.get(name)?.add(pid);
        if (!first.has(pid)) first.set(pid, atStart ? ticks : 0);
        latest.set(pid, ticks);
      }
    }
  };
  look(true);
  const timer = setInterval(() => look(false), 1000);
  return () => {
    clearInterval(timer);
    look(false);
    const seconds = (performance.now() - started) / 1000;
    return Object.entries(procs).map(([name, pids]) => {
      let ticks = 0;
      for (const pid of seen.get(name) ?? []) ticks += (latest.get(pid) ?? 0) - (first.get(pid) ?? 0);
      const rssMiB = pids().map(readProc).reduce((sum, x) => sum + (x?.rssMiB ?? 0), 0);
      return { process: name, cpuPercent: Math.max(0, Math.round((ticks / TICKS_PER_SEC / seconds) * 100)), rssMiB };
    });
  };
}

// ---------------------------------------------------------------- service counters (Prometheus text)

/** A Prometheus counter summed over the stack's services and over its series whose labels contain `match`. */
export async function serviceCounter(env: Record<string, string>, name: string, match = ''): Promise<number> {
  let total = 0;
  for (let i = 1; i <= SERVICES.length; i++) {
    const res = await fetch(`http://127.0.0.1:${Number(env.SERVICE_PORT_BASE) + i}/metrics`, { signal: AbortSignal.timeout(5000) }).catch(() => null);
    if (!res?.ok) continue;
    for (const line of (await res.text()).split('\n')) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      if (match && !line.includes(match)) continue;
      total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
    }
  }
  return total;
}

// ---------------------------------------------------------------- consumer lag (kafkajs admin)

export interface LagPoint {
  t: number;
  total: number;
  byGroup: Record<string, number>;
  /** Sum over the groups' partitions of the high watermark: what the groups have had to read so far. */
  produced: number;
}

export class LagSampler {
  readonly points: LagPoint[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly admin;
  private readonly started = performance.now();

  constructor(brokers: string, private readonly groups: string[]) {
    this.admin = new Kafka({ clientId: 'bench-lag', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  }

  async start(intervalMs = 1000): Promise<void> {
    await this.admin.connect();
    const loop = async () => {
      try {
        this.points.push(await this.sample());
      } catch {
        /* a missed sample is fine */
      }
      this.timer = setTimeout(loop, intervalMs);
    };
    await loop();
  }

  async sample(): Promise<LagPoint> {
    const byGroup: Record<string, number> = Object.fromEntries(this.groups.map((g) => [g, 0]));
    let produced = 0;
    for (const { group, lag, end } of await consumerGroupLag(this.admin, this.groups)) {
      byGroup[group] += lag;
      produced += end;
    }
    return { t: Math.round(performance.now() - this.started), total: Object.values(byGroup).reduce((a, b) => a + b, 0), byGroup, produced };
  }

  async waitForZero(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.sample()).total === 0) return true;
      await new Promise((r) => setTimeout(r, 500));
    }
    return false;
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.admin.disconnect();
  }
}

export const groupsFor = (env: Record<string, string>): string[] => SERVICES.map((s) => `tellonce.${s}${env.KAFKA_CONSUMER_GROUP_SUFFIX ?? ''}`);

// ---------------------------------------------------------------- webhook receiver

export interface WebhookArrival {
  agencyId: string;
  referralId: string | undefined;
  type: string;
  at: number;
}

/** One local HTTP server; each agency's subscription posts to /hook/<agencyId>. Answers 204 at once. */
export class WebhookReceiver {
  readonly arrivals: WebhookArrival[] = [];
  onArrival: ((a: WebhookArrival) => void) | null = null;
  private server: http.Server | null = null;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        res.writeHead(204).end();
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; data?: { referralId?: string } };
          const arrival = { agencyId: (req.url ?? '').split('/')[2] ?? '', referralId: body.data?.referralId, type: body.type, at };
          this.arrivals.push(arrival);
          this.onArrival?.(arrival);
        } catch {
          /* not ours */
        }
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => this.server?.listen(port, '127.0.0.1', () => r()));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  url(agencyId: string): string {
    return `http://127.0.0.1:${this.port}/hook/${agencyId}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(() => r(undefined)));
  }
}

// ---------------------------------------------------------------- fixtures through the public API

export const BENCH_NEEDS = [
  { code: 'midwifery', agencyId: 'nhs-maternity' },
  { code: 'housing', agencyId: 'housing-options' },
  { code: 'debt-advice', agencyId: 'citizens-advice-north' },
];

export interface BenchFamily {
  id: string;
  personId: string;
}

/** Families with one parent each; with `consent`, a permit for the three bench agencies (purpose referral). */
export async function createFamilies(base: string, coordinator: string, count: number, consent: boolean): Promise<BenchFamily[]> {
  const auth = { authorization: `Bearer ${coordinator}` };
  const families: BenchFamily[] = [];
  await runConcurrently(count, 8, async (i) => {
    const f = await json<{ id: string; members: { id: string }[] }>(
      'POST',
      `${base}/v1/families`,
      { hubId: 'hub-north', members: [{ givenName: `Bench${randomUUID().slice(0, 8)}`, familyName: `Load${i}`, relationship: 'parent', livesInHousehold: true }], address: { postcode: 'NE1 4ST' } },
      auth,
      201,
    );
    const personId = f.members[0].id;
    if (consent) {
      // The consent service learns of the family from its event: retry while it has not arrived yet (404).
      const body = { subjectPersonIds: [personId], grantedByPersonId: personId, decision: 'permit', agencyIds: BENCH_NEEDS.map((n) => n.agencyId), purposes: ['referral'], method: 'verbal' };
      for (const deadline = Date.now() + 60_000; ; await sleep(250)) {
        const r = await request('POST', `${base}/v1/families/${f.id}/consents`, body, auth);
        if (r.status === 201) break;
        if (r.status !== 404 || Date.now() > deadline) throw new Error(`POST consents -> ${r.status}: ${r.body.slice(0, 200)}`);
      }
    }
    families.push({ id: f.id, personId });
  });
  return families;
}

export function referralBody(family: BenchFamily) {
  return {
    familyId: family.id,
    hubId: 'hub-north',
    channel: 'hub-desk',
    story: 'Expecting a second baby in the spring; the flat is damp and rent arrears are growing since a reduction in hours.',
    needs: BENCH_NEEDS.map((n) => ({ code: n.code, urgency: 'routine' })),
  };
}

/** Every agency of the demo directory subscribes its receiver path to route events. */
export async function subscribeAgencies(base: string, receiver: WebhookReceiver, agencyIds: string[]): Promise<void> {
  for (const agencyId of agencyIds) {
    const token = await devToken(base, { role: 'agency-system', agencyId });
    await json('POST', `${base}/v1/subscriptions`, { url: receiver.url(agencyId), eventTypes: ['referral.route.requested', 'referral.route.updated', 'referral.route.cancelled'], description: 'bench receiver' }, { authorization: `Bearer ${token}` }, 201);
  }
}

// ---------------------------------------------------------------- baselines

/** Raw single-row PostgreSQL insert transactions (BEGIN; INSERT; COMMIT) at `concurrency` connections. */
export async function rawPostgresInsertTx(n: number, concurrency: number): Promise<{ perSec: number; latencyMs: ReturnType<typeof summarise> }> {
  const db = `tellonce_bench_raw_${process.pid}`;
  const admin = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${db}"`);
  try {
    const clients = await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const c = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: db });
        await c.connect();
        return c;
      }),
    );
    await clients[0].query('CREATE TABLE raw_insert (id uuid PRIMARY KEY, family_id text, data jsonb, created_at timestamptz DEFAULT now())');
    const free = [...clients];
    const latencies: number[] = [];
    const ms = await runConcurrently(n, concurrency, async () => {
      const c = free.pop() as Client;
      const t = performance.now();
      await c.query('BEGIN');
      await c.query('INSERT INTO raw_insert (id, family_id, data) VALUES ($1, $2, $3)', [randomUUID(), randomUUID(), '{"n":1}']);
      await c.query('COMMIT');
      latencies.push(performance.now() - t);
      free.push(c);
    });
    await Promise.all(clients.map((c) => c.end()));
    return { perSec: Math.round((n / ms) * 1000), latencyMs: roundSummary(summarise(latencies)) };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await admin.end();
  }
}

/**
 * Raw kafkajs produce (acks=all, idempotent) -> consume on the bench broker: throughput at
 * `concurrency` sends in flight, and produce->consume latency per message.
 */
export async function rawKafkaProduceConsume(brokers: string, n: number, concurrency: number): Promise<{ perSec: number; latencyMs: ReturnType<typeof summarise> }> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const topic = 'tellonce.dlq.v1'; // exists everywhere; nothing of ours consumes it, headers mark our messages
  const runId = randomUUID();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `bench-raw-${runId}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: false });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.headers?.['bench-run']?.toString() !== runId) return;
      const id = message.headers?.['bench-id']?.toString() ?? '';
      const t = sentAt.get(id);
      if (t !== undefined) latencies.push(performance.now() - t);
      if (latencies.length === n) done();
    },
  });
  await new Promise((r) => setTimeout(r, 4000)); // group join and partition assignment before timing
  const started = performance.now();
  await runConcurrently(n, concurrency, async (i) => {
    sentAt.set(String(i), performance.now());
    await producer.send({ topic, acks: -1, messages: [{ key: String(i % 64), value: '{"n":1}', headers: { 'bench-run': runId, 'bench-id': String(i), 'bench-raw': 'true' } }] });
  });
  await Promise.race([all, new Promise((r) => setTimeout(r, 60_000))]);
  const ms = performance.now() - started;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  return { perSec: Math.round((latencies.length / ms) * 1000), latencyMs: roundSummary(summarise(latencies)) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LadderStep {
  offeredPerSec: number;
  measured: OpenLoopResult;
  bare: OpenLoopResult;
}

/**
 * The rate ladder shared by the endpoint benches: a short warm-up, then each rate open-loop for
 * `stepMs`, each followed by a bare gateway round trip at the same rate as its baseline.
 */
export async function ladderAgainstBareGateway(base: string, rates: number[], stepMs: number, fire: (i: number) => Promise<boolean | number>, what: string): Promise<LadderStep[]> {
  await openLoop(Math.min(20, rates[0] ?? 20), 3000, fire); // warm-up
  const steps: LadderStep[] = [];
  for (const rate of rates) {
    const measured = await openLoop(rate, stepMs, fire);
    await sleep(1500);
    const bare = await bareGateway(base, rate, Math.min(stepMs, 5000));
    log(`${rate}/s: ${what} ${measured.achievedPerSec}/s p50 ${measured.latencyMs.p50} p99 ${measured.latencyMs.p99} ms; bare p50 ${bare.latencyMs.p50} p99 ${bare.latencyMs.p99} ms; statuses ${JSON.stringify(measured.statuses)}`);
    steps.push({ offeredPerSec: rate, measured, bare });
    await sleep(2500);
  }
  return steps;
}
