/**
 * npm run bench — the whole fan-out under open-loop load (issue 9).
 *
 * Raises referrals with three needs each (midwifery, housing, debt advice: three agencies) for
 * families whose consent is already recorded, with a local webhook receiver subscribed for every
 * agency, at fixed arrival rates. Per rate: intake latency, fan-out latency (201 received -> every
 * agency's webhook received) p50/p95/p99, webhook deliveries/s, consumer lag over the run, CPU and
 * memory per process. Baselines measured in the same run: raw kafkajs produce->consume, raw
 * single-row PostgreSQL insert transactions, a bare HTTP round trip through the gateway.
 *
 * Settings (env): BENCH_RATES=50,100,200,400  BENCH_STEP_SECONDS=20  BENCH_DRAIN_SECONDS=45
 *   BENCH_FAMILIES=300  BENCH_FIND_MAX=true (one extra step between the last sustained and the
 *   first failed rate)  BENCH_NAME=load (results file name)  BENCH_KAFKA_BROKERS=127.0.0.1:49092
 */
import fs from 'node:fs';
import path from 'node:path';
import { svgToPng } from './chart';
import {
  bareGateway,
  benchEnv,
  BENCH_NEEDS,
  BenchFamily,
  cpuWindow,
  machineBusyWindow,
  createFamilies,
  devToken,
  groupsFor,
  json,
  LagSampler,
  log,
  openLoop,
  OpenLoopResult,
  ProcUsage,
  rawKafkaProduceConsume,
  rawPostgresInsertTx,
  referralBody,
  request,
  roundSummary,
  serviceCounter,
  sleep,
  Stack,
  startBenchStack,
  stopBenchStack,
  subscribeAgencies,
  watchedProcesses,
  WebhookArrival,
  WebhookReceiver,
} from './harness';
import { loadChartSvg } from './render-load-chart';
import { machine, summarise, table, writeResult } from './support';

const RATES = (process.env.BENCH_RATES || '50,100,200,400').split(',').map(Number);
const STEP_MS = Number(process.env.BENCH_STEP_SECONDS || 20) * 1000;
const DRAIN_MS = Number(process.env.BENCH_DRAIN_SECONDS || 45) * 1000;
const FAMILIES = Number(process.env.BENCH_FAMILIES || 300);
const FIND_MAX = process.env.BENCH_FIND_MAX !== 'false';
/** Stop raising the rate once a step accepted under half its arrivals: higher rates only measure the pile-up. */
const STOP_ON_COLLAPSE = process.env.BENCH_STOP_ON_COLLAPSE !== 'false';
const NAME = process.env.BENCH_NAME || 'load';
/** The services' offset commit interval (their default unless set for the run). */
const COMMIT_INTERVAL_MS = Number(process.env.CONSUMER_COMMIT_INTERVAL_MS ?? 1000);
const AIM_FANOUT_P99_MS = 2000;

interface Tracked {
  acceptedAt: number;
  waiting: Set<string>;
  doneAt: number | null;
}

interface StepResult {
  offeredPerSec: number;
  intake: OpenLoopResult;
  fanOut: { completed: number; incomplete: number; latencyMs: ReturnType<typeof summarise> };
  webhooks: { received: number; perSecDuringLoad: number; perSecOverall: number; duplicates: number };
  lag: { atStart: number; max: number; atEndOfLoad: number; medianDuringLoad: number; slopePerSec: number; eventsPerSec: number; commitAllowance: number; growing: boolean; atEndByGroup: Record<string, number>; series: { t: number; total: number }[] };
  processes: ProcUsage[];
  /** CPU milliseconds per accepted referral, per process, over load + drain: robust to a busy machine. */
  cpuMsPerReferral: Record<string, number>;
  /** Events the services' consumers handled (or skipped as duplicates), and OffsetCommit requests, per accepted referral (load + drain). */
  consumers: { eventsHandledPerReferral: number; offsetCommitsPerReferral: number };
  /** All cores, whoever used them, over the load window (100 = the machine is the limit). */
  machineBusyPercent: number;
  sustained: boolean;
  why: string[];
}

class FanOutTracker {
  private readonly referrals = new Map<string, Tracked>();
  private readonly early = new Map<string, WebhookArrival[]>();
  received = 0;
  duplicates = 0;
  firstAt = 0;
  lastAt = 0;

  accepted(referralId: string, at: number): void {
    const t: Tracked = { acceptedAt: at, waiting: new Set(BENCH_NEEDS.map((n) => n.agencyId)), doneAt: null };
    this.referrals.set(referralId, t);
    for (const a of this.early.get(referralId) ?? []) this.apply(t, a);
    this.early.delete(referralId);
  }

  arrival(a: WebhookArrival): void {
    if (!a.referralId || a.type !== 'referral.route.requested') return;
    this.received++;
    if (this.firstAt === 0) this.firstAt = a.at;
    this.lastAt = a.at;
    const t = this.referrals.get(a.referralId);
    if (!t) this.early.set(a.referralId, [...(this.early.get(a.referralId) ?? []), a]);
    else this.apply(t, a);
  }

  private apply(t: Tracked, a: WebhookArrival): void {
    if (!t.waiting.delete(a.agencyId)) {
      this.duplicates++;
      return;
    }
    if (t.waiting.size === 0) t.doneAt = a.at;
  }

  pending(): number {
    let n = 0;
    for (const t of this.referrals.values()) if (t.doneAt === null) n++;
    return n;
  }

  latencies(): { done: number[]; incomplete: number } {
    const done: number[] = [];
    let incomplete = 0;
    for (const t of this.referrals.values()) {
      if (t.doneAt === null) incomplete++;
      else done.push(Math.max(0, t.doneAt - t.acceptedAt));
    }
    return { done, incomplete };
  }
}

function slope(points: { t: number; total: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.total, 0) / n;
  const num = points.reduce((s, p) => s + (p.t - mx) * (p.total - my), 0);
  const den = points.reduce((s, p) => s + (p.t - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 1000;
}

async function runStep(rate: number, durationMs: number, ctx: { base: string; token: string; families: BenchFamily[]; receiver: WebhookReceiver; lag: LagSampler; procs: ReturnType<typeof watchedProcesses>; env: Record<string, string> }): Promise<StepResult> {
  const kafkaCounts = () => Promise.all([serviceCounter(ctx.env, 'tellonce_events_consumed_total'), serviceCounter(ctx.env, 'tellonce_consumer_offset_commits_total', 'result="ok"')]);
  const [consumedBefore, commitsBefore] = await kafkaCounts();
  const tracker = new FanOutTracker();
  ctx.receiver.onArrival = (a) => tracker.arrival(a);
  const lagFrom = ctx.lag.points.length;
  const lagAtStart = ctx.lag.points[ctx.lag.points.length - 1]?.total ?? 0;
  const producedAtStart = ctx.lag.points[ctx.lag.points.length - 1]?.produced ?? 0;
  const endCpu = cpuWindow(ctx.procs);
  const endMachine = machineBusyWindow();
  const endCpuAll = cpuWindow(ctx.procs);
  const stepStart = performance.now();
  const auth = { authorization: `Bearer ${ctx.token}` };
  let next = Math.floor(Math.random() * ctx.families.length);
  const intake = await openLoop(rate, durationMs, async () => {
    const family = ctx.families[next++ % ctx.families.length];
    const r = await request('POST', `${ctx.base}/v1/referrals`, referralBody(family), auth);
    if (r.status === 201) tracker.accepted((JSON.parse(r.body) as { id: string }).id, performance.now());
    return r.status;
  });
  const loadEnd = performance.now();
  const processes = endCpu();
  const machineBusyPercent = endMachine();
  const receivedDuringLoad = tracker.received;
  const lagDuring = ctx.lag.points.slice(lagFrom).map((p) => ({ t: p.t, total: p.total }));
  const lagEndSample = await ctx.lag.sample();
  const lagAtEnd = lagEndSample.total;
  const drainDeadline = performance.now() + DRAIN_MS;
  while (tracker.pending() > 0 && performance.now() < drainDeadline) await sleep(100);
  const { done, incomplete } = tracker.latencies();
  const seconds = (performance.now() - stepStart) / 1000;
  const [consumedAfter, commitsAfter] = await kafkaCounts();
  const perReferral = (n: number) => +(n / Math.max(1, intake.ok)).toFixed(2);
  const consumers = { eventsHandledPerReferral: perReferral(consumedAfter - consumedBefore), offsetCommitsPerReferral: perReferral(commitsAfter - commitsBefore) };
  const cpuMsPerReferral = Object.fromEntries(endCpuAll().map((p) => [p.process, +((p.cpuPercent * 10 * seconds) / Math.max(1, intake.ok)).toFixed(1)]));
  ctx.receiver.onArrival = null;
  const sortedLag = lagDuring.map((p) => p.total).sort((a, b) => a - b);
  const median = sortedLag[Math.floor(sortedLag.length / 2)] ?? 0;
  const lagSlope = slope(lagDuring);
  // Lag is read from committed offsets, and consumers commit at most once per commit interval: a
  // sample may hold up to an interval's worth of events that are already handled.
  const eventsPerSec = ((lagEndSample.produced - producedAtStart) * 1000) / durationMs;
  const commitAllowance = Math.round((eventsPerSec * COMMIT_INTERVAL_MS) / 1000);
  // Growing: the backlog at the end of the window is well above its typical level during it (by
  // more than that sawtooth), or it rises by more than two seconds' worth of arriving events over
  // the window (lag counts events, ~12 per referral, so the arrivals are counted in events too).
  const growing = lagAtEnd > Math.max(50, 1.5 * median, median + commitAllowance) || (lagSlope * durationMs) / 1000 > 2 * eventsPerSec;
  const fan = roundSummary(summarise(done));
  const why: string[] = [];
  if (intake.ok < intake.sent * 0.99) why.push(`${intake.sent - intake.ok} of ${intake.sent} POSTs not accepted (${JSON.stringify(intake.statuses)})`);
  if (intake.achievedPerSec < rate * 0.95) why.push(`intake kept ${intake.achievedPerSec}/s of ${rate}/s`);
  if (incomplete > 0) why.push(`${incomplete} fan-outs not complete ${DRAIN_MS / 1000} s after the load stopped`);
  if (!(fan.p99 < AIM_FANOUT_P99_MS)) why.push(`fan-out p99 ${fan.p99} ms >= ${AIM_FANOUT_P99_MS} ms`);
  if (growing) why.push(`consumer lag grew (end ${lagAtEnd}, median ${median}, commit allowance ${commitAllowance}, slope ${lagSlope.toFixed(1)}/s)`);
  const overallSpan = (tracker.lastAt - stepStart) / 1000;
  return {
    offeredPerSec: rate,
    intake,
    fanOut: { completed: done.length, incomplete, latencyMs: fan },
    webhooks: {
      received: tracker.received,
      perSecDuringLoad: +(receivedDuringLoad / ((loadEnd - stepStart) / 1000)).toFixed(1),
      perSecOverall: +(tracker.received / Math.max(overallSpan, 0.001)).toFixed(1),
      duplicates: tracker.duplicates,
    },
    lag: { atStart: lagAtStart, max: Math.max(0, ...lagDuring.map((p) => p.total), lagAtEnd), atEndOfLoad: lagAtEnd, medianDuringLoad: median, slopePerSec: +lagSlope.toFixed(1), eventsPerSec: Math.round(eventsPerSec), commitAllowance, growing, atEndByGroup: lagEndSample.byGroup, series: lagDuring },
    processes,
    machineBusyPercent,
    cpuMsPerReferral,
    consumers,
    sustained: why.length === 0,
    why,
  };
}

async function main(): Promise<void> {
  const env = benchEnv();
  const brokerDir = process.env.KAFKA_DATA_DIR || path.resolve(__dirname, '../../.tellonce/kafka-bench');
  let stack: Stack | null = null;
  const receiver = new WebhookReceiver();
  const lag = new LagSampler(env.KAFKA_BROKERS, groupsFor(env));
  const cleanUp = () => {
    for (const c of stack?.children ?? []) if (c.child.pid) process.kill(c.child.pid, 'SIGTERM');
    process.exit(130);
  };
  process.once('SIGINT', cleanUp);
  process.once('SIGTERM', cleanUp);
  try {
    stack = await startBenchStack(env);
    const base = `http://127.0.0.1:${env.GATEWAY_PORT}`;
    await receiver.start(Number(process.env.BENCH_RECEIVER_PORT || 0));
    const coordinator = await devToken(base, { role: 'coordinator', hubId: 'hub-north' });
    const agencies = await json<{ id: string }[]>('GET', `${base}/v1/directory/agencies`, undefined, { authorization: `Bearer ${coordinator}` }, 200);
    await lag.start(1000);
    log(`subscribing ${agencies.length} agencies' receivers; registering ${FAMILIES} families with consent`);
    await lag.waitForZero(60_000); // the notifications service must know the agencies first
    await subscribeAgencies(base, receiver, agencies.map((a) => a.id));
    const families = await createFamilies(base, coordinator, FAMILIES, true);
    if (!(await lag.waitForZero(120_000))) log('warning: consumers still lagging after setup');
    const ctx = { base, token: coordinator, families, receiver, lag, procs: watchedProcesses(stack, brokerDir, env.DB_PREFIX), env };

    log('warm-up: 10/s for 5 s (also proves the whole path works)');
    const warm = await runStep(10, 5000, ctx);
    if (warm.fanOut.completed === 0) throw new Error(`no fan-out completed in the warm-up: ${warm.why.join('; ')}`);
    await lag.waitForZero(60_000);

    log('baselines: raw PostgreSQL insert transactions, raw kafkajs produce->consume, bare gateway round trip');
    const rawPg = await rawPostgresInsertTx(3000, 16);
    const rawKafka = await rawKafkaProduceConsume(env.KAFKA_BROKERS, 3000, 16);
    const bare = await bareGateway(base, 200, 5000);
    log(`raw PG ${rawPg.perSec} tx/s; raw Kafka ${rawKafka.perSec} msg/s p50 ${rawKafka.latencyMs.p50} ms; bare gateway p50 ${bare.latencyMs.p50} ms p99 ${bare.latencyMs.p99} ms`);

    const steps: StepResult[] = [];
    const run = async (rate: number) => {
      log(`step: ${rate} referrals/s for ${STEP_MS / 1000} s`);
      const s = await runStep(rate, STEP_MS, ctx);
      steps.push(s);
      log(
        `  ${rate}/s: intake ${s.intake.achievedPerSec}/s p99 ${s.intake.latencyMs.p99} ms; fan-out p50 ${s.fanOut.latencyMs.p50} p99 ${s.fanOut.latencyMs.p99} ms (${s.fanOut.incomplete} incomplete); webhooks ${s.webhooks.perSecDuringLoad}/s; lag max ${s.lag.max} end ${s.lag.atEndOfLoad}; ${s.sustained ? 'SUSTAINED' : `not sustained: ${s.why.join('; ')}`}`,
      );
      await lag.waitForZero(DRAIN_MS);
      await sleep(2000);
    };
    for (const rate of RATES) {
      await run(rate);
      const last = steps[steps.length - 1];
      if (STOP_ON_COLLAPSE && last.intake.achievedPerSec < rate / 2) {
        log(`stopping: ${rate}/s collapsed (accepted ${last.intake.achievedPerSec}/s); higher rates skipped`);
        break;
      }
    }
    if (FIND_MAX) {
      const ok = steps.filter((s) => s.sustained).map((s) => s.offeredPerSec);
      const bad = steps.filter((s) => !s.sustained).map((s) => s.offeredPerSec);
      const lo = ok.length ? Math.max(...ok) : 0;
      const hi = bad.filter((r) => r > lo).length ? Math.min(...bad.filter((r) => r > lo)) : lo * 1.5;
      const probe = Math.round((lo + hi) / 2 / 5) * 5;
      if (probe > 0 && !steps.some((s) => s.offeredPerSec === probe)) await run(probe);
    }
    const sustained = steps.filter((s) => s.sustained).map((s) => s.offeredPerSec);
    const highest = sustained.length ? Math.max(...sustained) : 0;
    const result = {
      at: new Date().toISOString(),
      machine: machine(),
      note: process.env.BENCH_NOTE || 'Every ratio uses a baseline measured in this same run.',
      settings: { stopOnCollapse: STOP_ON_COLLAPSE, rates: RATES, stepSeconds: STEP_MS / 1000, drainSeconds: DRAIN_MS / 1000, families: FAMILIES, needsPerReferral: 3, agencies: agencies.length, broker: env.KAFKA_BROKERS },
      baselines: { rawPostgresInsertTx: rawPg, rawKafkaProduceConsume: rawKafka, bareGatewayRoundTrip: { ratePerSec: 200, latencyMs: bare.latencyMs } },
      highestSustainedPerSec: highest,
      steps: steps.sort((a, b) => a.offeredPerSec - b.offeredPerSec),
    };
    const rows = result.steps.map((s) => ({
      'offered /s': s.offeredPerSec,
      'accepted /s': s.intake.achievedPerSec,
      'intake p50/p95/p99 ms': `${s.intake.latencyMs.p50} / ${s.intake.latencyMs.p95} / ${s.intake.latencyMs.p99}`,
      'intake p50 ÷ bare': (s.intake.latencyMs.p50 / bare.latencyMs.p50).toFixed(1),
      'fan-out p50/p95/p99 ms': `${s.fanOut.latencyMs.p50} / ${s.fanOut.latencyMs.p95} / ${s.fanOut.latencyMs.p99}`,
      'fan-out p50 ÷ raw Kafka p50': (s.fanOut.latencyMs.p50 / rawKafka.latencyMs.p50).toFixed(1),
      'webhooks /s': s.webhooks.perSecDuringLoad,
      'referrals/s ÷ raw PG tx/s': (s.intake.achievedPerSec / rawPg.perSec).toFixed(3),
      'lag max / end': `${s.lag.max} / ${s.lag.atEndOfLoad}`,
      'machine busy': `${s.machineBusyPercent}%`,
      sustained: s.sustained ? 'yes' : 'no',
    }));
    const cpuRows = result.steps.map((s) => ({ 'offered /s': s.offeredPerSec, ...Object.fromEntries(s.processes.map((p) => [p.process, `${p.cpuPercent}% ${p.rssMiB} MiB`])) }));
    const md = [
      `Baselines (same run): raw PG single-row insert tx ${rawPg.perSec}/s (16 connections); raw kafkajs produce->consume ${rawKafka.perSec} msg/s, latency p50 ${rawKafka.latencyMs.p50} ms p99 ${rawKafka.latencyMs.p99} ms; bare gateway GET /health/live at 200/s p50 ${bare.latencyMs.p50} ms p99 ${bare.latencyMs.p99} ms.`,
      '',
      table(rows),
      '',
      'CPU (% of one core, averaged over the load window) and RSS per process:',
      '',
      table(cpuRows),
      '',
      'CPU milliseconds per accepted referral (load + drain window), per process:',
      '',
      table(result.steps.map((s) => ({ 'offered /s': s.offeredPerSec, ...s.cpuMsPerReferral, 'stack total (services, their databases, broker)': Object.entries(s.cpuMsPerReferral).filter(([k]) => !k.includes('shared') && !k.startsWith('bench')).reduce((a, [, v]) => a + v, 0).toFixed(1) }))),
      '',
      'Consumers, per accepted referral (load + drain window, all services):',
      '',
      table(result.steps.map((s) => ({ 'offered /s': s.offeredPerSec, 'events handled': s.consumers.eventsHandledPerReferral, 'offset commits': s.consumers.offsetCommitsPerReferral }))),
      '',
      `Highest sustained rate: ${highest} referrals/s (${highest * 3} agency deliveries/s).`,
    ].join('\n');
    process.stdout.write(`\n${md}\n`);
    const file = writeResult(NAME, result);
    const dir = path.dirname(file);
    fs.writeFileSync(path.join(dir, `${NAME}.md`), md + '\n');
    const svg = loadChartSvg('TellOnce referral fan-out: latency against arrival rate', result.steps, bare.latencyMs.p99);
    const svgFile = path.join(dir, `${NAME}-latency.svg`);
    fs.writeFileSync(svgFile, svg);
    const png = await svgToPng(svgFile, path.join(dir, `${NAME}-latency.png`));
    log(`written ${file}, ${NAME}.md, ${path.basename(svgFile)}${png ? `, ${path.basename(png)}` : ''}`);
  } finally {
    await lag.stop().catch(() => undefined);
    await receiver.stop().catch(() => undefined);
    if (stack) await stopBenchStack(stack);
  }
  process.exit(0);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
