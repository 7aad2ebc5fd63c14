/**
 * Timeline bench (`npm run bench:timeline`):
 * 1. seeds TIMELINE_BENCH_ENTRIES entries (default 1,000,000) across one family per 10 entries
 *    (default 100,000 families) plus one 1,000-entry family, then times the first page of that family
 *    at the repository level (the query the endpoint runs, minus HTTP and audit) against `SELECT 1`;
 * 2. starts the built timeline service (consumers off, outbox relay on: reads are audited) and the
 *    gateway (dev auth) on that database and times GET /v1/families/<family>/timeline?limit=50 at the
 *    service (:47005) and through the gateway (:47080), next to GET /health/live on each;
 * 3. produces TIMELINE_BENCH_CATCHUP_EVENTS (default 20,000) referral events to a private broker
 *    (127.0.0.1:47092) and times a fresh timeline service projecting them into an empty database,
 *    next to a bare kafkajs consumer reading the same messages.
 * Figures go to bench/results/timeline.json.
 *
 *   npx tsc -p tsconfig.build.json && TIMELINE_BENCH_ENTRIES=200000 node -r ./scripts/register-paths.js dist/bench/timeline.bench.js
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { MESSAGING_ENTITIES, MessagingTables1763800000000 } from '@tellonce/messaging';
import { databaseOptions, databaseUrlFor } from '@tellonce/platform';
import { TIMELINE_ENTITIES, TIMELINE_MIGRATIONS, TimelineEntryRepository, TimelinePageQuery, VisibilityScope } from '@tellonce/timeline';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { machine, writeResult } from './support';
import {
  catchUpMessages, ChildService, devToken, LatencyStats, PrivateBroker, produce, projectionCatchUp, RateResult, rawConsumeRate, REFERRALS_TOPIC, sampleGet,
} from './timeline-http';

const ENTRIES = Number(process.env.TIMELINE_BENCH_ENTRIES || 1_000_000);
const FAMILIES = Math.max(1, Math.floor(ENTRIES / 10));
const HOT_FAMILY = 'fam-hot';
const HOT_ENTRIES = 1000;
const ITERATIONS = Number(process.env.TIMELINE_BENCH_ITERATIONS || 2000);
const WARMUP = 200;
const CHUNK = 100_000;
const HTTP_ITERATIONS = Number(process.env.TIMELINE_BENCH_HTTP_ITERATIONS || 500);
const HTTP_WARMUP = 50;
const CATCHUP_EVENTS = Number(process.env.TIMELINE_BENCH_CATCHUP_EVENTS || 20_000);
const SERVICE_PORT = 47005;
const GATEWAY_PORT = 47080;
const SERVICE_URL = `http://127.0.0.1:${SERVICE_PORT}`;
const GATEWAY_URL = `http://127.0.0.1:${GATEWAY_PORT}`;
const LOG_LEVEL = process.env.TIMELINE_BENCH_LOG_LEVEL || 'info';

async function recreateDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}

/** Set-based multi-row inserts, CHUNK rows per statement; every 10th family entry is about one agency. */
async function seed(dataSource: DataSource): Promise<number> {
  const started = performance.now();
  const bulk = ENTRIES - HOT_ENTRIES;
  for (let start = 1; start <= bulk; start += CHUNK) {
    const end = Math.min(bulk, start + CHUNK - 1);
    await dataSource.query(
      `INSERT INTO timeline_entry (id, family_id, at, type, source, summary, actor, subject_kind, subject_id, agency_ids, mentions, data)
       SELECT gen_random_uuid(), 'fam-' || (g % $3), timestamptz '2025-01-01' + g * interval '1 second', 'referral.route.status-changed', 'referrals',
              'Debt advice (Citizens Advice North) accepted the referral', '{"sub":"u-1","role":"practitioner","agencyId":"ag-1"}'::jsonb,
              'referral-route', 'rt-' || g, CASE WHEN g % 10 = 0 THEN ARRAY['ag-' || (g % 50)] ELSE NULL END, ARRAY['ag-' || (g % 50)], '{}'::jsonb
       FROM generate_series($1::int, $2::int) AS g`,
      [start, end, FAMILIES],
    );
  }
  await dataSource.query(
    `INSERT INTO timeline_entry (id, family_id, at, type, source, summary, actor, subject_kind, subject_id, agency_ids, mentions, data)
     SELECT gen_random_uuid(), $1, timestamptz '2025-01-01' + g * interval '7 minutes', CASE WHEN g % 4 = 0 THEN 'consent.granted' ELSE 'referral.route.status-changed' END, 'referrals',
            'Debt advice (Citizens Advice North) accepted the referral', '{"sub":"u-1","role":"practitioner","agencyId":"ag-1"}'::jsonb,
            'referral-route', 'rt-' || g, CASE WHEN g % 2 = 0 THEN ARRAY['ag-' || (g % 3)] ELSE NULL END, ARRAY['ag-' || (g % 3)], '{}'::jsonb
     FROM generate_series(1, $2::int) AS g`,
    [HOT_FAMILY, HOT_ENTRIES],
  );
  await dataSource.query('ANALYZE timeline_entry');
  return performance.now() - started;
}

async function measure(fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

interface HttpCase extends LatencyStats {
  name: string;
}

const running: ChildService[] = [];
const broker = new PrivateBroker();

function timelineService(name: string, databaseUrl: string, brokers: string, consumers: boolean): ChildService {
  const service = new ChildService(name, 'dist/apps/timeline/src/main.js', {
    PORT: String(SERVICE_PORT),
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers,
    CONSUMERS_ENABLED: consumers ? 'true' : 'false',
    KAFKA_CONSUMER_GROUP_SUFFIX: `.bench-${Date.now()}`,
    AUTH_JWKS_URL: `${GATEWAY_URL}/.well-known/jwks.json`,
    LOG_LEVEL,
  });
  running.push(service);
  return service;
}

/** Service and gateway on the seeded database; sequential first-page reads with health round trips as baselines. */
async function httpLatency(databaseUrl: string, brokers: string): Promise<HttpCase[]> {
  const service = timelineService('timeline-http', databaseUrl, brokers, false);
  const gateway = new ChildService('gateway', 'dist/apps/gateway/src/main.js', {
    GATEWAY_PORT: String(GATEWAY_PORT),
    AUTH_MODE: 'dev',
    TIMELINE_URL: SERVICE_URL,
    REDIS_URL: 'redis://127.0.0.1:6379/3',
    KAFKA_BROKERS: brokers,
    SERVE_CONSOLE: 'false',
    AUTH_JWKS_URL: `${GATEWAY_URL}/.well-known/jwks.json`,
    LOG_LEVEL,
  });
  running.push(gateway);
  service.start();
  gateway.start();
  await Promise.all([service.waitUntil(`${SERVICE_URL}/health/ready`), gateway.waitUntil(`${GATEWAY_URL}/health/live`)]);
  const auth = { authorization: `Bearer ${await devToken(GATEWAY_URL)}` };
  const page = `/v1/families/${HOT_FAMILY}/timeline?limit=50`;
  const cases: [string, string, Record<string, string>][] = [
    ['service GET /health/live (baseline)', `${SERVICE_URL}/health/live`, {}],
    ['service GET first page (limit=50)', `${SERVICE_URL}${page}`, auth],
    ['gateway GET /health/live (baseline)', `${GATEWAY_URL}/health/live`, {}],
    ['gateway GET first page (limit=50)', `${GATEWAY_URL}${page}`, auth],
  ];
  const results: HttpCase[] = [];
  for (const [name, url, headers] of cases) results.push({ name, ...(await sampleGet(url, headers, HTTP_WARMUP, HTTP_ITERATIONS)) });
  await Promise.all([service.stop(), gateway.stop()]);
  return results;
}

interface CatchUp {
  events: number;
  families: number;
  produceMs: number;
  rawConsumer: RateResult;
  projection: RateResult;
}

/** K events on the private broker, then a fresh timeline service (consumers on, empty database) projects them. */
async function catchUp(brokers: string): Promise<CatchUp> {
  const messages = catchUpMessages(CATCHUP_EVENTS);
  const produceMs = await produce(brokers, REFERRALS_TOPIC, messages);
  const rawConsumer = await rawConsumeRate(brokers, REFERRALS_TOPIC, messages.length);
  const url = process.env.TIMELINE_BENCH_CATCHUP_DATABASE_URL || databaseUrlFor('timeline_catchup_bench');
  await recreateDatabase(url);
  const service = timelineService('timeline-catchup', url, brokers, true);
  const startedAt = performance.now();
  service.start();
  try {
    const projection = await projectionCatchUp(url, messages.length, startedAt, service);
    return { events: messages.length, families: new Set(messages.map((m) => String(m.key))).size, produceMs, rawConsumer, projection };
  } finally {
    await service.stop();
  }
}

const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

async function main(): Promise<void> {
  const url = process.env.TIMELINE_BENCH_DATABASE_URL || databaseUrlFor('timeline_bench');
  await recreateDatabase(url);
  const dataSource = new DataSource({ ...databaseOptions(url, [...MESSAGING_ENTITIES, ...TIMELINE_ENTITIES], [MessagingTables1763800000000, ...TIMELINE_MIGRATIONS]) });
  await dataSource.initialize();
  // The private broker formats and starts while the seed runs; its failure is reported after the seed.
  const brokerUp = broker.up().then(() => null, (error: Error) => error);
  try {
    const seedMs = await seed(dataSource);
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM timeline_entry');
    console.log(`seeded ${count} entries (${FAMILIES} families + ${HOT_FAMILY} with ${HOT_ENTRIES}) in ${(seedMs / 1000).toFixed(1)} s`);

    const repository = new TimelineEntryRepository();
    const manager = dataSource.manager;
    const everything: VisibilityScope = { kind: 'everything' };
    const agency: VisibilityScope = { kind: 'agency', agencyId: 'ag-1', lenses: ['referral', 'plan'] };
    const firstPage = (scope: VisibilityScope): TimelinePageQuery => ({ familyId: HOT_FAMILY, scope, order: 'desc', limit: 51 });
    const page = await repository.page(manager, firstPage(everything));
    const secondPage = { ...firstPage(everything), after: { order: 'desc' as const, at: page[49].atKey, seq: page[49].seq } };

    const cases: [string, () => Promise<unknown>][] = [
      ['baseline SELECT 1', () => dataSource.query('SELECT 1')],
      ['first page, coordinator (desc, 50)', () => repository.page(manager, firstPage(everything))],
      ['first page + visibility probe (what the use case runs)', async () => {
        await repository.anyVisible(manager, HOT_FAMILY, everything);
        await repository.page(manager, firstPage(everything));
      }],
      ['first page, agency with sharing (its entries and family-wide ones)', () => repository.page(manager, firstPage(agency))],
      ['second page via cursor', () => repository.page(manager, secondPage)],
    ];
    const results: { name: string; p50: number; p99: number }[] = [];
    for (const [name, fn] of cases) results.push({ name, ...(await measure(fn)) });
    const baseline = results[0];
    console.log(`\n${ITERATIONS} iterations each (after ${WARMUP} warm-up)`);
    for (const r of results) {
      console.log(`${r.name.padEnd(58)} p50 ${r.p50.toFixed(3)} ms  p99 ${r.p99.toFixed(3)} ms  (x${(r.p50 / baseline.p50).toFixed(1)} / x${(r.p99 / baseline.p99).toFixed(1)} of baseline)`);
    }
    await dataSource.destroy();

    const brokerError = await brokerUp;
    if (brokerError) throw brokerError;
    const http = await httpLatency(url, broker.brokers);
    const byName = (name: string) => http.find((h) => h.name.startsWith(name))!;
    const serviceBase = byName('service GET /health');
    const servicePage = byName('service GET first');
    const gatewayBase = byName('gateway GET /health');
    const gatewayPage = byName('gateway GET first');
    console.log(`\nHTTP, ${HTTP_ITERATIONS} sequential requests each (after ${HTTP_WARMUP} warm-up), ${HOT_FAMILY} (${HOT_ENTRIES} entries) as coordinator`);
    for (const r of http) console.log(`${r.name.padEnd(58)} p50 ${fmt(r.p50)}  p99 ${fmt(r.p99)}`);
    const ratios = {
      servicePageOverServiceBaseline: { p50: servicePage.p50 / serviceBase.p50, p99: servicePage.p99 / serviceBase.p99 },
      gatewayPageOverGatewayBaseline: { p50: gatewayPage.p50 / gatewayBase.p50, p99: gatewayPage.p99 / gatewayBase.p99 },
      gatewayPageOverServicePage: { p50: gatewayPage.p50 / servicePage.p50, p99: gatewayPage.p99 / servicePage.p99 },
    };
    console.log(`service page / service baseline   x${ratios.servicePageOverServiceBaseline.p50.toFixed(1)} p50, x${ratios.servicePageOverServiceBaseline.p99.toFixed(1)} p99`);
    console.log(`gateway page / gateway baseline   x${ratios.gatewayPageOverGatewayBaseline.p50.toFixed(1)} p50, x${ratios.gatewayPageOverGatewayBaseline.p99.toFixed(1)} p99`);
    console.log(`gateway page / service page       x${ratios.gatewayPageOverServicePage.p50.toFixed(2)} p50, x${ratios.gatewayPageOverServicePage.p99.toFixed(2)} p99 (gateway adds ${fmt(gatewayPage.p50 - servicePage.p50)} p50)`);
    console.log(`aim p99 < 30 ms at the service: ${servicePage.p99 < 30 ? 'met' : 'NOT met'} (${fmt(servicePage.p99)})`);

    const catchup = await catchUp(broker.brokers);
    const line = (name: string, r: RateResult) =>
      console.log(`${name.padEnd(58)} ${r.eventsPerSecond.toFixed(0)} events/s steady (${(r.steadyMs / 1000).toFixed(2)} s), ${r.eventsPerSecondInclStart.toFixed(0)} events/s incl. start (${(r.totalMs / 1000).toFixed(2)} s)`);
    console.log(`\ncatch-up: ${catchup.events} events for ${catchup.families} fresh families produced to ${broker.brokers} in ${(catchup.produceMs / 1000).toFixed(2)} s`);
    line('raw kafkajs consumer, fresh group (baseline)', catchup.rawConsumer);
    line('timeline projection (service from process start)', catchup.projection);
    console.log(`projection / raw consumer         x${(catchup.projection.eventsPerSecond / catchup.rawConsumer.eventsPerSecond).toFixed(3)} steady rate`);

    const file = writeResult('timeline', {
      command: `npx tsc -p tsconfig.build.json && TIMELINE_BENCH_ENTRIES=${ENTRIES} TIMELINE_BENCH_CATCHUP_EVENTS=${CATCHUP_EVENTS} node -r ./scripts/register-paths.js dist/bench/timeline.bench.js`,
      at: new Date().toISOString(),
      machine: machine(),
      seed: { entries: count, families: FAMILIES, hotFamily: HOT_FAMILY, hotFamilyEntries: HOT_ENTRIES, seconds: seedMs / 1000 },
      repository: { iterations: ITERATIONS, warmup: WARMUP, unit: 'ms', cases: results },
      http: { iterations: HTTP_ITERATIONS, warmup: HTTP_WARMUP, unit: 'ms', logLevel: LOG_LEVEL, path: `/v1/families/${HOT_FAMILY}/timeline?limit=50`, cases: http, ratios, aimServiceP99BelowMs: 30, aimMet: servicePage.p99 < 30 },
      catchUp: { ...catchup, broker: broker.brokers },
    });
    console.log(`\nwrote ${file}`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await Promise.all(running.map((service) => service.stop()));
    await brokerUp;
    await broker.down();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all(running.map((service) => service.stop()))
      .then(() => broker.down())
      .finally(() => process.exit(130));
  });
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
