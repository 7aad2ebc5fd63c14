/**
 * Re-draws the latency chart of a load result without re-running it:
 *   node -r ./scripts/register-paths.js dist/bench/render-load-chart.js load-after
 */
import fs from 'node:fs';
import path from 'node:path';
import { lineChartSvg, svgToPng } from './chart';

interface Step {
  offeredPerSec: number;
  intake: { latencyMs: { p50: number; p99: number } };
  fanOut: { latencyMs: { p50: number; p99: number } };
}

export function loadChartSvg(title: string, steps: Step[], bareP99: number): string {
  return lineChartSvg({
    title,
    xLabel: 'arrival rate (referrals/s, three needs each, open loop)',
    yLabel: 'latency (log scale)',
    logY: true,
    series: [
      { name: 'fan-out p99', points: steps.map((s) => [s.offeredPerSec, s.fanOut.latencyMs.p99]) },
      { name: 'fan-out p50', points: steps.map((s) => [s.offeredPerSec, s.fanOut.latencyMs.p50]) },
      { name: 'intake p99', points: steps.map((s) => [s.offeredPerSec, s.intake.latencyMs.p99]), dashed: true },
      { name: 'intake p50', points: steps.map((s) => [s.offeredPerSec, s.intake.latencyMs.p50]), dashed: true },
    ],
    marks: [
      { y: 2000, label: 'aim: fan-out p99 < 2 s' },
      { y: bareP99, label: `bare gateway p99 ${bareP99} ms` },
    ],
  });
}

async function main(): Promise<void> {
  const name = process.argv[2] || 'load';
  const dir = path.resolve(__dirname, '../../bench/results');
  const result = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as { steps: Step[]; baselines: { bareGatewayRoundTrip: { latencyMs: { p99: number } } } };
  const svgFile = path.join(dir, `${name}-latency.svg`);
  fs.writeFileSync(svgFile, loadChartSvg(`TellOnce referral fan-out (${name}): latency against arrival rate`, result.steps, result.baselines.bareGatewayRoundTrip.latencyMs.p99));
  await svgToPng(svgFile, path.join(dir, `${name}-latency.png`));
}

if (require.main === module) {
  main().catch((e: Error) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  });
}
