/**
 * Timeline read bench: seeds TIMELINE_BENCH_ENTRIES entries (default 1,000,000) across one family
 * per 10 entries (default 100,000 families) plus one 1,000-entry family, then times the first page
 * of that family at the repository level (the query the endpoint runs, minus HTTP and audit) against
 * a bare `SELECT 1` round trip on the same pool.
 *
 *   npx tsc -p tsconfig.build.json && TIMELINE_BENCH_ENTRIES=100000 node -r ./scripts/register-paths.js dist/bench/timeline.bench.js
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { MESSAGING_ENTITIES, MessagingTables1763800000000 } from '@tellonce/messaging';
import { databaseOptions, databaseUrlFor } from '@tellonce/platform';
import { TIMELINE_ENTITIES, TIMELINE_MIGRATIONS, TimelineEntryRepository, TimelinePageQuery, VisibilityScope } from '@tellonce/timeline';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

const ENTRIES = Number(process.env.TIMELINE_BENCH_ENTRIES || 1_000_000);
const FAMILIES = Math.max(1, Math.floor(ENTRIES / 10));
const HOT_FAMILY = 'fam-hot';
const HOT_ENTRIES = 1000;
const ITERATIONS = Number(process.env.TIMELINE_BENCH_ITERATIONS || 2000);
const WARMUP = 200;
const CHUNK = 100_000;

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

async function main(): Promise<void> {
  const url = process.env.TIMELINE_BENCH_DATABASE_URL || databaseUrlFor('timeline_bench');
  await recreateDatabase(url);
  const dataSource = new DataSource({ ...databaseOptions(url, [...MESSAGING_ENTITIES, ...TIMELINE_ENTITIES], [MessagingTables1763800000000, ...TIMELINE_MIGRATIONS]) });
  await dataSource.initialize();
  try {
    const seedMs = await seed(dataSource);
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM timeline_entry');
    console.log(`seeded ${count} entries (${FAMILIES} families + ${HOT_FAMILY} with ${HOT_ENTRIES}) in ${(seedMs / 1000).toFixed(1)} s`);

    const repository = new TimelineEntryRepository(dataSource);
    const everything: VisibilityScope = { kind: 'everything' };
    const agency: VisibilityScope = { kind: 'agency', agencyId: 'ag-1', familyWide: false };
    const firstPage = (scope: VisibilityScope): TimelinePageQuery => ({ familyId: HOT_FAMILY, scope, order: 'desc', limit: 51 });
    const page = await repository.page(firstPage(everything));
    const secondPage = { ...firstPage(everything), after: { order: 'desc' as const, at: page[49].atKey, seq: page[49].seq } };

    const cases: [string, () => Promise<unknown>][] = [
      ['baseline SELECT 1', () => dataSource.query('SELECT 1')],
      ['first page, coordinator (desc, 50)', () => repository.page(firstPage(everything))],
      ['first page + visibility probe (what the use case runs)', async () => {
        await repository.anyVisible(HOT_FAMILY, everything);
        await repository.page(firstPage(everything));
      }],
      ['first page, agency without sharing (filtered)', () => repository.page(firstPage(agency))],
      ['second page via cursor', () => repository.page(secondPage)],
    ];
    const results: { name: string; p50: number; p99: number }[] = [];
    for (const [name, fn] of cases) results.push({ name, ...(await measure(fn)) });
    const baseline = results[0];
    console.log(`\n${ITERATIONS} iterations each (after ${WARMUP} warm-up)`);
    for (const r of results) {
      console.log(`${r.name.padEnd(58)} p50 ${r.p50.toFixed(3)} ms  p99 ${r.p99.toFixed(3)} ms  (x${(r.p50 / baseline.p50).toFixed(1)} / x${(r.p99 / baseline.p99).toFixed(1)} of baseline)`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
