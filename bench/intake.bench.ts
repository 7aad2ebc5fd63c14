/**
 * npm run bench:intake — POST /v1/referrals (three needs each, families registered beforehand)
 * through the gateway at rising fixed arrival rates (open loop), next to a bare gateway round trip
 * (GET /health/live) at the same rate in the same run. Aim (issue 3): 300/s with p99 < 250 ms.
 *
 * Env: BENCH_RATES=25,50,100,200,300  BENCH_STEP_SECONDS=10  BENCH_FAMILIES=200  BENCH_CONSENT=false
 */
import {
  benchEnv,
  createFamilies,
  devToken,
  ladderAgainstBareGateway,
  log,
  referralBody,
  request,
  sleep,
  Stack,
  startBenchStack,
  stopBenchStack,
} from './harness';
import { machine, table, writeResult } from './support';

const RATES = (process.env.BENCH_RATES || '25,50,100,200,300').split(',').map(Number);
const STEP_MS = Number(process.env.BENCH_STEP_SECONDS || 10) * 1000;
const FAMILIES = Number(process.env.BENCH_FAMILIES || 200);
const CONSENT = process.env.BENCH_CONSENT === 'true';

async function main(): Promise<void> {
  const env = benchEnv();
  let stack: Stack | null = null;
  try {
    stack = await startBenchStack(env);
    const base = `http://127.0.0.1:${env.GATEWAY_PORT}`;
    const token = await devToken(base, { role: 'coordinator', hubId: 'hub-north' });
    const families = await createFamilies(base, token, FAMILIES, CONSENT);
    await sleep(3000);
    const auth = { authorization: `Bearer ${token}` };
    const fire = async (i: number) => (await request('POST', `${base}/v1/referrals`, referralBody(families[i % families.length]), auth)).status;
    const steps = (await ladderAgainstBareGateway(base, RATES, STEP_MS, fire, 'accepted')).map(({ offeredPerSec, measured, bare }) => ({ offeredPerSec, intake: measured, bare }));
    const result = {
      at: new Date().toISOString(),
      machine: machine(),
      note: 'Other helpers ran e2e suites on this 2-core machine at the same time; compare with the bare round trip of the same step.',
      settings: { rates: RATES, stepSeconds: STEP_MS / 1000, families: FAMILIES, consentRecorded: CONSENT, needsPerReferral: 3 },
      aim: { perSec: 300, p99Ms: 250 },
      steps,
    };
    process.stdout.write(
      '\n' +
        table(
          steps.map((s) => ({
            'offered /s': s.offeredPerSec,
            'accepted /s': s.intake.achievedPerSec,
            'non-201': s.intake.failed,
            'intake p50 / p95 / p99 ms': `${s.intake.latencyMs.p50} / ${s.intake.latencyMs.p95} / ${s.intake.latencyMs.p99}`,
            'bare gateway p50 / p99 ms': `${s.bare.latencyMs.p50} / ${s.bare.latencyMs.p99}`,
            'p99 ÷ bare p99': (s.intake.latencyMs.p99 / s.bare.latencyMs.p99).toFixed(1),
          })),
        ) +
        '\n',
    );
    log(`written ${writeResult('intake', result)}`);
  } finally {
    if (stack) await stopBenchStack(stack);
  }
  process.exit(0);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
