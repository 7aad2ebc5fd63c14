/**
 * npm run bench:consent — decisions/s of the pure decideSharing function, then p99 of
 * GET /v1/consent/decision under open-loop load through the gateway, with a bare gateway round trip
 * (GET /health/live) at the same rate in the same run.
 *
 * Env: BENCH_DECISIONS=1000000  BENCH_RATES=50,100,200,400  BENCH_STEP_SECONDS=8  BENCH_FAMILIES=100
 */
import { randomUUID } from 'node:crypto';
import { ConsentRecordView, decideSharing, OverrideView } from '@tellonce/sharing-policy';
import { benchEnv, BENCH_NEEDS, createFamilies, devToken, ladderAgainstBareGateway, log, request, sleep, Stack, startBenchStack, stopBenchStack } from './harness';
import { machine, table, writeResult } from './support';

const DECISIONS = Number(process.env.BENCH_DECISIONS || 1_000_000);
const RATES = (process.env.BENCH_RATES || '50,100,200,400').split(',').map(Number);
const STEP_MS = Number(process.env.BENCH_STEP_SECONDS || 8) * 1000;
const FAMILIES = Number(process.env.BENCH_FAMILIES || 100);

/** A realistic view: four records (permits, a deny, a withdrawn one) and an override, for one family. */
function pureFunction(): { perSec: number; nsPerDecision: number } {
  const familyId = randomUUID();
  const person = randomUUID();
  const at = new Date();
  const rec = (decision: 'permit' | 'deny', agencyIds: string[], purposes: string[], status: 'active' | 'withdrawn' = 'active'): ConsentRecordView => ({
    id: randomUUID(), familyId, decision, subjectPersonIds: [person], agencyIds, purposes, dataCategories: [], status, recordedAt: new Date(at.getTime() - Math.random() * 1e9),
  });
  const records = [rec('permit', ['nhs-maternity', 'housing-options'], ['referral', 'plan']), rec('deny', ['housing-options'], ['plan']), rec('permit', ['citizens-advice-north'], ['referral'], 'withdrawn'), rec('permit', ['early-help-team'], ['assessment'])];
  const overrides: OverrideView[] = [{ id: randomUUID(), familyId, agencyId: 'childrens-social-care', recordedAt: at }];
  const agencies = ['nhs-maternity', 'housing-options', 'citizens-advice-north', 'early-help-team', 'childrens-social-care', 'camhs'];
  const purposes = ['referral', 'plan', 'assessment'];
  let permitted = 0;
  for (let i = 0; i < 20_000; i++) decideSharing({ records, overrides, familyId, agencyId: agencies[i % 6], purpose: purposes[i % 3], at }); // warm-up (JIT)
  const t = process.hrtime.bigint();
  for (let i = 0; i < DECISIONS; i++) if (decideSharing({ records, overrides, familyId, agencyId: agencies[i % 6], purpose: purposes[i % 3], at }).permitted) permitted++;
  const ns = Number(process.hrtime.bigint() - t);
  if (permitted === 0) throw new Error('no decision permitted: the view is wrong');
  return { perSec: Math.round((DECISIONS / ns) * 1e9), nsPerDecision: Math.round(ns / DECISIONS) };
}

async function main(): Promise<void> {
  const fn = pureFunction();
  log(`decideSharing: ${fn.perSec} decisions/s (${fn.nsPerDecision} ns each)`);
  const env = benchEnv();
  let stack: Stack | null = null;
  try {
    stack = await startBenchStack(env);
    const base = `http://127.0.0.1:${env.GATEWAY_PORT}`;
    const token = await devToken(base, { role: 'coordinator', hubId: 'hub-north' });
    const families = await createFamilies(base, token, FAMILIES, true);
    await sleep(3000);
    const auth = { authorization: `Bearer ${token}` };
    const ask = async (i: number) => {
      const url = `${base}/v1/consent/decision?familyId=${families[i % families.length].id}&agencyId=${BENCH_NEEDS[i % 3].agencyId}&purpose=referral`;
      const r = await request('GET', url, undefined, auth);
      if (r.status === 200 && !(JSON.parse(r.body) as { permitted: boolean }).permitted) return 'not-permitted' as unknown as number;
      return r.status;
    };
    const steps = (await ladderAgainstBareGateway(base, RATES, STEP_MS, ask, 'answered')).map(({ offeredPerSec, measured, bare }) => ({ offeredPerSec, api: measured, bare }));
    const result = { at: new Date().toISOString(), machine: machine(), note: 'Other helpers ran e2e suites on this 2-core machine at the same time.', pureFunction: fn, settings: { rates: RATES, stepSeconds: STEP_MS / 1000, families: FAMILIES }, steps };
    process.stdout.write(
      `\ndecideSharing (pure): ${fn.perSec} decisions/s, ${fn.nsPerDecision} ns per decision\n\n` +
        table(
          steps.map((s) => ({
            'offered /s': s.offeredPerSec,
            'answered /s': s.api.achievedPerSec,
            'not 200+permitted': s.api.failed,
            'decision API p50 / p95 / p99 ms': `${s.api.latencyMs.p50} / ${s.api.latencyMs.p95} / ${s.api.latencyMs.p99}`,
            'bare gateway p50 / p99 ms': `${s.bare.latencyMs.p50} / ${s.bare.latencyMs.p99}`,
            'p99 ÷ bare p99': (s.api.latencyMs.p99 / s.bare.latencyMs.p99).toFixed(1),
          })),
        ) +
        '\n',
    );
    log(`written ${writeResult('consent', result)}`);
  } finally {
    if (stack) await stopBenchStack(stack);
  }
  process.exit(0);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
