/**
 * Profiles the fan-out: starts the stack with the bench/cpu-profile.ts preload in every service,
 * registers families with consent and webhook receivers, raises referrals at RATE/s for SECS s,
 * waits for every webhook, then has each service write <pid>.cpuprofile and <pid>.queries.json
 * (query counts by statement) into PROF_DIR.
 *
 *   npx tsc -p tsconfig.build.json && PROF_DIR=/tmp/prof RATE=10 SECS=10 node -r ./scripts/register-paths.js dist/bench/profile.js
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchEnv, createFamilies, devToken, json, log, openLoop, referralBody, request, sleep, startBenchStack, stopBenchStack, subscribeAgencies, WebhookReceiver } from './harness';

async function main(): Promise<void> {
  const dir = process.env.PROF_DIR || '/tmp/tellonce-profile';
  fs.mkdirSync(dir, { recursive: true });
  const env = benchEnv({ NODE_OPTIONS: `--require ${path.resolve(__dirname, 'cpu-profile.js')}`, CPU_PROFILE_DIR: dir });
  const stack = await startBenchStack(env);
  const base = `http://127.0.0.1:${env.GATEWAY_PORT}`;
  const receiver = new WebhookReceiver();
  await receiver.start(0);
  try {
    const token = await devToken(base, { role: 'coordinator', hubId: 'hub-north' });
    const agencies = await json<{ id: string }[]>('GET', `${base}/v1/directory/agencies`, undefined, { authorization: `Bearer ${token}` }, 200);
    await sleep(5000);
    await subscribeAgencies(base, receiver, agencies.map((a) => a.id));
    const families = await createFamilies(base, token, Number(process.env.FAMILIES || 60), true);
    await sleep(5000);
    const before = receiver.arrivals.length;
    const r = await openLoop(Number(process.env.RATE || 10), Number(process.env.SECS || 10) * 1000, async (i) => (await request('POST', `${base}/v1/referrals`, referralBody(families[i % families.length]), { authorization: `Bearer ${token}` })).status);
    log(`intake ${r.achievedPerSec}/s ${JSON.stringify(r.latencyMs)}`);
    const deadline = Date.now() + 90_000;
    while (receiver.arrivals.length - before < r.ok * 3 && Date.now() < deadline) await sleep(200);
    log(`webhooks ${receiver.arrivals.length - before} of ${r.ok * 3}`);
    for (const c of stack.children) if (c.child.pid) process.kill(c.child.pid, 'SIGUSR2');
    await sleep(3000);
    log(`profiles in ${dir}: ${stack.children.map((c) => `${c.name}=${c.child.pid}`).join(' ')}`);
  } finally {
    await receiver.stop();
    await stopBenchStack(stack);
  }
  process.exit(0);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
