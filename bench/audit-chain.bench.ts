import { randomUUID } from 'node:crypto';
import { createScratchDatabase } from '@tellonce/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditChainEntry, chainAfter, CONSENT_ENTITIES, CONSENT_MIGRATIONS } from '../libs/consent/src';
import { AuditLogRepository } from '../libs/consent/src/repositories/audit-log.repository';
import { machine, summarise, table, writeResult } from './support';

// npm run bench:audit-chain — how fast the one serialised stage of the design, the hash-chained
// audit log, takes appends: every run of a consumer locks the chain head, appends its entries and
// holds the lock until COMMIT (as AuditLogService.appendAll does; the real repository, chaining and schema).
// Measured against unserialised single-row insert transactions on the same database, same run.
const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY || '1,4,8').split(',').map(Number);
const RUN_SIZES = (process.env.BENCH_RUN_SIZES || '1,5,20').split(',').map(Number);

function entry(): AuditChainEntry {
  return {
    id: randomUUID(),
    at: new Date().toISOString(),
    service: 'referrals',
    actor: { sub: 'coord-1', role: 'coordinator', hubId: 'hub-north' },
    action: 'write',
    endpoint: 'POST /v1/referrals',
    resource: { kind: 'referral', id: randomUUID() },
    familyId: randomUUID(),
    outcome: 'allowed',
    basis: null,
  };
}

/** `workers` loops for SECONDS, each calling `once`; answers calls per second and per-call latency. */
async function closedLoop(workers: number, once: () => Promise<void>) {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await once();
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { perSec: (latencies.length / (performance.now() - started)) * 1000, latency: summarise(latencies) };
}

async function main(): Promise<void> {
  const db = await createScratchDatabase('audit_chain_bench');
  const dataSource = new DataSource({ type: 'postgres', url: db.url, entities: CONSENT_ENTITIES, migrations: CONSENT_MIGRATIONS, migrationsRun: true, extra: { max: Math.max(...CONCURRENCY) + 2 } });
  const raw = await Promise.all(Array.from({ length: Math.max(...CONCURRENCY) }, async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    return c;
  }));
  const rows: Record<string, string | number>[] = [];
  const results: unknown[] = [];
  try {
    await dataSource.initialize();
    const log = new AuditLogRepository(dataSource);
    await raw[0].query('CREATE TABLE unserialised_insert (id uuid PRIMARY KEY, family_id text, data jsonb, at timestamptz DEFAULT now())');
    for (const workers of CONCURRENCY) {
      // Baseline: the same number of writers, each its own single-row transaction, nothing shared.
      const free = raw.slice(0, workers);
      const baseline = await closedLoop(workers, async () => {
        const c = free.pop()!;
        await c.query('BEGIN');
        await c.query('INSERT INTO unserialised_insert (id, family_id, data) VALUES ($1, $2, $3)', [randomUUID(), randomUUID(), '{"n":1}']);
        await c.query('COMMIT');
        free.push(c);
      });
      for (const size of RUN_SIZES) {
        const chain = await closedLoop(workers, () =>
          dataSource.transaction(async (manager) => {
            const head = await log.lockHead(manager);
            await log.append(manager, chainAfter(head, Array.from({ length: size }, entry)));
          }),
        );
        const result = { workers, entriesPerRun: size, runsPerSec: chain.perSec, entriesPerSec: chain.perSec * size, runLatencyMs: chain.latency, baselineTxPerSec: baseline.perSec };
        results.push(result);
        rows.push({
          writers: workers,
          'entries per run': size,
          'runs /s': Math.round(chain.perSec),
          'entries /s': Math.round(chain.perSec * size),
          'run p50 / p99 ms': `${chain.latency.p50.toFixed(1)} / ${chain.latency.p99.toFixed(1)}`,
          'unserialised insert tx/s (same writers)': Math.round(baseline.perSec),
          'runs ÷ baseline': (chain.perSec / baseline.perSec).toFixed(2),
        });
        process.stdout.write(`${workers} writers, ${size} per run: ${Math.round(chain.perSec)} runs/s, ${Math.round(chain.perSec * size)} entries/s\n`);
      }
    }
    // The chain is whole: as many rows as the head says, none missing.
    const [check] = await dataSource.query('SELECT count(*)::bigint AS n, max(seq) AS last, (SELECT seq FROM audit_chain_head) AS head FROM audit_log');
    if (check.n !== check.last || check.last !== check.head) throw new Error(`chain is not whole: ${JSON.stringify(check)}`);
    process.stdout.write(`\n${table(rows)}\n\nchain whole: ${check.n} rows, head at ${check.head}\n`);
    process.stdout.write(`written ${writeResult('audit-chain', { machine: machine(), seconds: SECONDS, results })}\n`);
  } finally {
    await Promise.all(raw.map((c) => c.end()));
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.drop();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
