/**
 * What one PostgreSQL round trip costs the Node process on this machine: 5,000 sequential
 * `SELECT $1::int` through the `pg` driver, with the CPU the process used (user and system) per query.
 *   npx tsc -p tsconfig.build.json && node dist/bench/pg-round-trip.js
 */
import { Client } from 'pg';

async function timed(client: Client, label: string, n: number, query: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 500; i++) await query(i); // warm-up
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await query(i);
  const used = process.cpuUsage(cpu);
  const wallUs = Number(process.hrtime.bigint() - started) / 1000 / n;
  process.stdout.write(`${label}: ${wallUs.toFixed(0)} µs wall, Node ${(used.user / n).toFixed(0)} µs user + ${(used.system / n).toFixed(0)} µs system per query\n`);
}

async function main(): Promise<void> {
  const client = new Client({ host: process.env.PGHOST || '127.0.0.1', port: Number(process.env.PGPORT || 5432), user: process.env.PGUSER || 'postgres', database: 'postgres' });
  await client.connect();
  try {
    await timed(client, 'parameterised (extended protocol)', 5000, (i) => client.query('SELECT $1::int AS x', [i]));
    await timed(client, 'simple query', 5000, () => client.query('SELECT 1'));
  } finally {
    await client.end();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
