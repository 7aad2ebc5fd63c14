import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { EventPublisher } from '@tellonce/messaging';
import { createScratchDatabase } from '@tellonce/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { bootBackbone, handled, ProbeV1 } from '../libs/shared/messaging/test/integration/backbone-harness';
import { machine, runConcurrently, table, writeResult } from './support';

// npm run bench:backbone — events/s through outbox -> Kafka -> consumer (with inbox), next to raw
// kafkajs produce->consume and raw single-row PostgreSQL insert transactions, measured in one run.
const N = Number(process.env.BENCH_EVENTS || 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 16);
const BROKERS = process.env.KAFKA_BROKERS || '127.0.0.1:9092';

async function rawPostgres(url: string): Promise<number> {
  const clients = await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    const c = new Client({ connectionString: url });
    await c.connect();
    return c;
  }));
  await clients[0].query('CREATE TABLE raw_insert (id uuid PRIMARY KEY, family_id text, data jsonb, created_at timestamptz DEFAULT now())');
  const free = [...clients];
  const ms = await runConcurrently(N, CONCURRENCY, async () => {
    const c = free.pop()!;
    await c.query('BEGIN');
    await c.query('INSERT INTO raw_insert (id, family_id, data) VALUES ($1, $2, $3)', [randomUUID(), randomUUID(), '{"n":1}']);
    await c.query('COMMIT');
    free.push(c);
  });
  await Promise.all(clients.map((c) => c.end()));
  return (N / ms) * 1000;
}

async function rawKafka(): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: BROKERS.split(','), logLevel: logLevel.NOTHING });
  // A throwaway topic: raw messages carry no CloudEvents headers and must not reach real consumers.
  const topic = `tellonce.bench.raw-${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 6, replicationFactor: 1 }] });
  const runId = randomUUID();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `bench-raw-${runId}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: false });
  let received = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message, topic: t, partition }) => {
      if (message.headers?.['bench-run']?.toString() === runId && ++received === N) done();
      await consumer.commitOffsets([{ topic: t, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });
  await new Promise((r) => setTimeout(r, 3000)); // let the group settle before timing
  const started = performance.now();
  await runConcurrently(N, CONCURRENCY, async (i) => {
    await producer.send({ topic, acks: -1, messages: [{ key: String(i % 64), value: '{"n":1}', headers: { 'bench-run': runId } }] });
  });
  await all;
  const ms = performance.now() - started;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return (N / ms) * 1000;
}

async function backbone(url: string): Promise<number> {
  const app = await bootBackbone(url, BROKERS, `bench-${randomUUID().slice(0, 8)}`);
  await new Promise((r) => setTimeout(r, 3000));
  const ds = app.get<DataSource>(getDataSourceToken());
  const publisher = app.get(EventPublisher);
  const base = 1_000_000;
  const before = handled.length;
  const started = performance.now();
  await runConcurrently(N, CONCURRENCY, async (i) => {
    const familyId = `fam-${i % 500}`;
    await ds.transaction((m) => publisher.stage(m, ProbeV1, { familyId, n: base + i }, { key: familyId }));
  });
  const staged = performance.now() - started;
  while (handled.length - before < N) await new Promise((r) => setTimeout(r, 5));
  const ms = performance.now() - started;
  process.stdout.write(`backbone: staging took ${Math.round(staged)} ms, all handled after ${Math.round(ms)} ms\n`);
  await app.close();
  return (N / ms) * 1000;
}

async function main() {
  process.env.LOG_LEVEL = 'silent';
  const pg = await createScratchDatabase('bench_raw');
  const bb = await createScratchDatabase('bench_backbone');
  try {
    const rawPg = await rawPostgres(pg.url);
    const rawK = await rawKafka();
    const ours = await backbone(bb.url);
    const result = {
      at: new Date().toISOString(),
      machine: machine(),
      events: N,
      concurrency: CONCURRENCY,
      rawPostgresInsertTxPerSec: Math.round(rawPg),
      rawKafkaProduceConsumePerSec: Math.round(rawK),
      backboneEventsPerSec: Math.round(ours),
      ratioToRawPostgres: +(ours / rawPg).toFixed(2),
      ratioToRawKafka: +(ours / rawK).toFixed(2),
    };
    process.stdout.write(
      table([
        { measure: 'raw PostgreSQL single-row insert transactions', 'per second': result.rawPostgresInsertTxPerSec, ratio: '1.00 (baseline)' },
        { measure: 'raw kafkajs produce (acks=all) -> consume', 'per second': result.rawKafkaProduceConsumePerSec, ratio: '-' },
        { measure: 'backbone: outbox tx -> relay -> Kafka -> consumer + inbox tx', 'per second': result.backboneEventsPerSec, ratio: `${result.ratioToRawPostgres} of raw PG, ${result.ratioToRawKafka} of raw Kafka` },
      ]) + '\n',
    );
    process.stdout.write(`written ${writeResult('backbone', result)}\n`);
  } finally {
    await pg.drop();
    await bb.drop();
  }
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
