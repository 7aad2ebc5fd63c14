import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { fromKafkaMessage, toKafkaHeaders, CloudEvent, TOPICS } from '@tellonce/contracts';
import { createScratchDatabase, eventually, testEnv } from '@tellonce/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { Metrics } from '@tellonce/platform';
import { EventPublisher, KafkaEventConsumer, OutboxRelay } from '../../src';
import { bootBackbone, handled, invoked, ProbeV1, scratchBackbone } from './backbone-harness';

interface Infra {
  ensureKafka(k: object): Promise<number | null>;
  kafkaReady(brokers: string, timeoutMs: number): Promise<{ disconnect(): Promise<void>; createTopics(o: object): Promise<boolean> }>;
  stopKafka(k: object): Promise<void>;
  settings(env: NodeJS.ProcessEnv): { kafka: { dataDir: string } & Record<string, unknown> };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const infra: Infra = require(path.join(__dirname, '../../../../../scripts/infra.js'));

async function stage(app: INestApplication, familyId: string, n: number, fail = false, delayMs = 0) {
  const ds = app.get<DataSource>(getDataSourceToken());
  const publisher = app.get(EventPublisher);
  return ds.transaction((m) => publisher.stage(m, ProbeV1, { familyId, n, ...(fail ? { fail } : {}), ...(delayMs ? { delayMs } : {}) }, { key: familyId }));
}

describe('event backbone: outbox -> Kafka -> consumer with inbox', () => {
  let app: INestApplication;
  let db: { url: string; drop: () => Promise<void> };
  const familyId = randomUUID();
  const kafka = new Kafka({ clientId: 'backbone-test', brokers: testEnv.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });

  beforeAll(async () => {
    process.env.CONSUMER_RETRY_BASE_MS = '10';
    process.env.CONSUMER_MAX_ATTEMPTS = '3';
    db = await createScratchDatabase('backbone');
    app = await bootBackbone(db.url, testEnv.kafkaBrokers, `backbone-${randomUUID().slice(0, 8)}`);
  });

  const afterAllDisconnect: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(afterAllDisconnect.map((d) => d()));
    await app?.close();
    await db?.drop();
  });

  // Earlier runs left probes on the shared topic; only this run's family counts.
  const seen = (n: number) => handled.filter((h) => h.n === n && h.familyId === familyId);

  it('delivers a staged event to the handler exactly once, in the same transaction as the inbox row', async () => {
    const event = await stage(app, familyId, 1);
    await eventually(async () => seen(1).length === 1);
    const ds = app.get<DataSource>(getDataSourceToken());
    const inbox = await ds.query('SELECT event_id FROM inbox WHERE event_id = $1', [event.id]);
    expect(inbox).toHaveLength(1);
    const outbox = await ds.query('SELECT published_at FROM outbox WHERE event_id = $1', [event.id]);
    expect(outbox[0].published_at).not.toBeNull();
  });

  it('treats a redelivered event (same id) as a no-op', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const event: CloudEvent = {
      specversion: '1.0', id: randomUUID(), source: 'tellonce/test', type: ProbeV1.type, time: new Date().toISOString(),
      datacontenttype: 'application/json', partitionkey: familyId, correlationid: randomUUID(), data: { familyId, n: 2 },
    };
    const message = { key: familyId, value: JSON.stringify(event.data), headers: toKafkaHeaders(event) };
    await producer.send({ topic: ProbeV1.topic, messages: [message, message] });
    await producer.send({ topic: ProbeV1.topic, messages: [message] });
    await stage(app, familyId, 3); // a later event on the same key proves the duplicates were consumed
    await eventually(async () => seen(3).length === 1);
    expect(seen(2)).toHaveLength(1);
    // The inbox, not the probe table's key, turned the copies away: the handler ran once.
    expect(invoked.filter((h) => h.n === 2 && h.familyId === familyId)).toHaveLength(1);
    await producer.disconnect();
  });

  it('sends a poison message to the dead-letter topic and moves on', async () => {
    const dlq = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}` });
    const dead: CloudEvent[] = [];
    const errors: string[] = [];
    await dlq.connect();
    afterAllDisconnect.push(() => dlq.disconnect());
    await dlq.subscribe({ topic: TOPICS.deadLetters, fromBeginning: true });
    const joined = new Promise<void>((resolve) => dlq.on(dlq.events.GROUP_JOIN, () => resolve()));
    await dlq.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString()]));
        // Other tests dead-letter malformed messages too; only well-formed ones can be ours.
        try {
          dead.push(fromKafkaMessage(headers, message.value));
          errors.push(headers['dlq_error'] ?? '');
        } catch {
          /* not a CloudEvent: not this test's poison */
        }
      },
    });
    await joined;
    const poison = await stage(app, familyId, 4, true);
    await stage(app, familyId, 5);
    await eventually(async () => seen(5).length === 1);
    await eventually(async () => dead.some((e) => e.id === poison.id), 45_000);
    expect(errors[dead.findIndex((e) => e.id === poison.id)]).toContain('probe asked to fail');
    expect(seen(4)).toHaveLength(0);
  });
});

describe('outbox relay: woken by the commit, not by its poll', () => {
  // A poll this slow never fires during the test: whatever arrives was sent because a commit woke the relay.
  const backbone = scratchBackbone('wake', { OUTBOX_POLL_MS: '600000' });
  const familyId = randomUUID();

  const mine = () => handled.filter((h) => h.familyId === familyId).map((h) => h.n);

  /** Stages in a transaction that stays open `holdMs` after staging before it commits. */
  async function stageAndCommitLater(n: number, holdMs: number) {
    const ds = backbone.app.get<DataSource>(getDataSourceToken());
    const publisher = backbone.app.get(EventPublisher);
    await ds.transaction(async (m) => {
      await publisher.stage(m, ProbeV1, { familyId, n }, { key: familyId });
      await new Promise((r) => setTimeout(r, holdMs));
    });
  }

  it('publishes a staged event when its transaction commits, however long that takes', async () => {
    await stageAndCommitLater(300, 300);
    await eventually(async () => mine().includes(300), 30_000);
  });

  it('publishes events committed while a publish is under way (none is left for the next poll)', async () => {
    const ns = Array.from({ length: 40 }, (_, i) => 400 + i);
    await Promise.all(ns.map((n, i) => stageAndCommitLater(n, (i % 8) * 40)));
    await eventually(async () => ns.every((n) => mine().includes(n)), 30_000);
    const ds = backbone.app.get<DataSource>(getDataSourceToken());
    const [{ waiting }] = await ds.query('SELECT count(*)::int AS waiting FROM outbox WHERE published_at IS NULL');
    expect(waiting).toBe(0);
  });

  it('writes a transaction\'s events just before it commits, in staging order, and delivers them in that order', async () => {
    const ds = backbone.app.get<DataSource>(getDataSourceToken());
    const publisher = backbone.app.get(EventPublisher);
    const ns = [601, 602, 603, 604, 605];
    const ids: string[] = [];
    let visibleInsideBeforeCommit = -1;
    await ds.transaction(async (m) => {
      for (const n of ns) ids.push((await publisher.stage(m, ProbeV1, { familyId, n }, { key: familyId })).id);
      [{ visibleInsideBeforeCommit }] = await m.query('SELECT count(*)::int AS "visibleInsideBeforeCommit" FROM outbox WHERE event_id = ANY($1::uuid[])', [ids]);
    });
    expect(visibleInsideBeforeCommit).toBe(0);
    const rows: { event_id: string }[] = await ds.query('SELECT event_id FROM outbox WHERE event_id = ANY($1::uuid[]) ORDER BY seq', [ids]);
    expect(rows.map((r) => r.event_id)).toEqual(ids);
    await eventually(async () => ns.every((n) => mine().includes(n)), 30_000);
    expect(mine().filter((n) => ns.includes(n))).toEqual(ns);
  });

  it('keeps the outer transaction\'s events when a savepoint inside it rolls back, and drops only the savepoint\'s', async () => {
    const ds = backbone.app.get<DataSource>(getDataSourceToken());
    const publisher = backbone.app.get(EventPublisher);
    await ds.transaction(async (m) => {
      await publisher.stage(m, ProbeV1, { familyId, n: 701 }, { key: familyId });
      await m
        .transaction(async (inner) => {
          await publisher.stage(inner, ProbeV1, { familyId, n: 702 }, { key: familyId });
          throw new Error('the nested part gives up');
        })
        .catch(() => undefined);
      await m.transaction((inner) => publisher.stage(inner, ProbeV1, { familyId, n: 703 }, { key: familyId }));
      await publisher.stage(m, ProbeV1, { familyId, n: 704 }, { key: familyId });
    });
    await eventually(async () => [701, 703, 704].every((n) => mine().includes(n)), 30_000);
    await stage(backbone.app, familyId, 705); // later on the same key: 702, had it been sent, would have arrived before it
    await eventually(async () => mine().includes(705), 30_000);
    expect(mine().filter((n) => n > 700 && n < 710)).toEqual([701, 703, 704, 705]);
  });

  it('publishes nothing for a transaction that rolled back', async () => {
    const ds = backbone.app.get<DataSource>(getDataSourceToken());
    const publisher = backbone.app.get(EventPublisher);
    await expect(
      ds.transaction(async (m) => {
        await publisher.stage(m, ProbeV1, { familyId, n: 500 }, { key: familyId });
        throw new Error('the caller gives up');
      }),
    ).rejects.toThrow('the caller gives up');
    await stage(backbone.app, familyId, 501); // a later event on the same key proves the relay and consumer moved on
    await eventually(async () => mine().includes(501), 30_000);
    expect(mine()).not.toContain(500);
  });
});

describe('outbox relay: one replica publishes at a time', () => {
  // No loop of its own: the test runs publishBatch() itself, as a second replica would.
  const backbone = scratchBackbone('relay_lock', { OUTBOX_RELAY_ENABLED: 'false' });

  it('publishes nothing while another holds the service\'s relay lock, and everything once it is free', async () => {
    const ds = backbone.app.get<DataSource>(getDataSourceToken());
    const relay = backbone.app.get(OutboxRelay);
    const event = await stage(backbone.app, randomUUID(), 800);
    const publishedAt = async () => (await ds.query('SELECT published_at FROM outbox WHERE event_id = $1', [event.id]))[0].published_at;

    const other = ds.createQueryRunner();
    await other.startTransaction();
    try {
      await other.query('SELECT pg_advisory_xact_lock($1)', [relay.lockKey]);
      expect(await relay.publishBatch()).toBe(0);
      expect(await publishedAt()).toBeNull();
    } finally {
      await other.commitTransaction();
      await other.release();
    }
    expect(await relay.publishBatch()).toBeGreaterThanOrEqual(1);
    expect(await publishedAt()).not.toBeNull();
  });
});

describe('event backbone: fuller fetches for a projection', () => {
  // What waitForFullerFetches() sets, through its environment override.
  const backbone = scratchBackbone('fetch_wait', { CONSUMER_FETCH_WAIT_MS: '1000', CONSUMER_TRANSACTION_BATCH: '50' });

  it('handles events that arrive one by one within the wait in a few runs, not one run each', async () => {
    const ds = backbone.app.get<DataSource>(getDataSourceToken());
    const familyId = randomUUID();
    await stage(backbone.app, familyId, 900); // caught up with the shared topic first
    await eventually(async () => handled.some((h) => h.n === 900 && h.familyId === familyId), 60_000);
    const ns = [901, 902, 903, 904, 905, 906, 907, 908];
    for (const n of ns) {
      await stage(backbone.app, familyId, n);
      await new Promise((r) => setTimeout(r, 30));
    }
    await eventually(async () => ns.every((n) => handled.some((h) => h.n === n && h.familyId === familyId)), 30_000);
    const [{ runs }] = await ds.query('SELECT count(DISTINCT tx)::int AS runs FROM probe_seen WHERE n = ANY($1::int[])', [ns]);
    expect(runs).toBeLessThanOrEqual(3);
  });
});

describe('event backbone: events handled together in one transaction', () => {
  const backbone = scratchBackbone('batch', { CONSUMER_RETRY_BASE_MS: '10', CONSUMER_MAX_ATTEMPTS: '2', CONSUMER_TRANSACTION_BATCH: '100' });
  const familyId = randomUUID();

  it('keeps every good event exactly once when one event of a batch fails, and dead-letters only that one', async () => {
    const ds = backbone.app.get<DataSource>(getDataSourceToken());
    const publisher = backbone.app.get(EventPublisher);
    // One transaction stages all five, so they reach the consumer together, in order, on one key.
    await ds.transaction(async (m) => {
      for (const n of [210, 211, 212, 213, 214]) await publisher.stage(m, ProbeV1, { familyId, n, ...(n === 212 ? { fail: true } : {}) }, { key: familyId });
    });
    const mine = () => handled.filter((h) => h.familyId === familyId).map((h) => h.n);
    await eventually(async () => mine().includes(214), 30_000);
    // The handler ran for 210 and 211 twice (in the rolled-back batch, then alone): only the
    // database effects count, and they happened exactly once per good event. Wait for the last
    // commit (the handler records itself before its transaction ends).
    expect(mine().filter((n) => n === 210).length).toBeGreaterThanOrEqual(1);
    const rows = await eventually(async () => {
      const found = await ds.query('SELECT n, count(*)::int AS c FROM probe_seen WHERE n BETWEEN 210 AND 214 GROUP BY n ORDER BY n');
      return found.length >= 4 && found;
    }, 30_000);
    expect(rows).toEqual([
      { n: 210, c: 1 },
      { n: 211, c: 1 },
      { n: 213, c: 1 },
      { n: 214, c: 1 },
    ]);
    const inbox = await ds.query(`SELECT count(*)::int AS c FROM inbox WHERE type = $1`, [ProbeV1.type]);
    expect(inbox[0].c).toBeGreaterThanOrEqual(4);
  });

  it('runs each event of a run once: copies in the same run, copies of earlier events, and ids in any uuid form', async () => {
    const kafka = new Kafka({ clientId: 'backbone-batch-test', brokers: testEnv.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const message = (id: string, n: number) => {
      const event: CloudEvent = {
        specversion: '1.0', id, source: 'tellonce/test', type: ProbeV1.type, time: new Date().toISOString(),
        datacontenttype: 'application/json', partitionkey: familyId, correlationid: randomUUID(), data: { familyId, n },
      };
      return { key: familyId, value: JSON.stringify(event.data), headers: toKafkaHeaders(event) };
    };
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await producer.send({ topic: ProbeV1.topic, messages: [message(a, 220), message(a, 220), message(b, 221), message(c.toUpperCase(), 222)] });
    await eventually(async () => handled.some((h) => h.n === 222 && h.familyId === familyId), 30_000);
    await producer.send({ topic: ProbeV1.topic, messages: [message(a, 220), message(c, 222), message(randomUUID(), 223)] });
    await eventually(async () => handled.some((h) => h.n === 223 && h.familyId === familyId), 30_000);
    await producer.disconnect();
    const calls = (n: number) => invoked.filter((h) => h.n === n && h.familyId === familyId).length;
    expect([calls(220), calls(221), calls(222), calls(223)]).toEqual([1, 1, 1, 1]);
  });
});

describe('event backbone: offset commits', () => {
  // Long enough that events sent one by one fall inside one interval on any machine.
  const backbone = scratchBackbone('commits', { CONSUMER_COMMIT_INTERVAL_MS: '4000' });
  const kafka = new Kafka({ clientId: 'backbone-commits-test', brokers: testEnv.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  const commitsSent = async (app: INestApplication) =>
    (await app.get(Metrics).offsetCommits.get()).values.filter((v) => v.labels.result === 'ok').reduce((sum, v) => sum + v.value, 0);
  /** Events on the audit topic that the group has not committed past. */
  const uncommitted = async (groupId: string) => {
    const ends = new Map((await admin.fetchTopicOffsets(TOPICS.audit)).map((o) => [o.partition, BigInt(o.high)]));
    const [committed] = await admin.fetchOffsets({ groupId, topics: [TOPICS.audit] });
    return committed.partitions.reduce((sum, p) => sum + Number((ends.get(p.partition) ?? 0n) - (BigInt(p.offset) < 0n ? 0n : BigInt(p.offset))), 0);
  };

  it('commits events handled one by one together, at most once per interval, and catches up at rest', async () => {
    const { app } = backbone;
    const groupId = app.get(KafkaEventConsumer).groupId;
    await stage(app, randomUUID(), 300); // the group's first batches (its backlog of the shared topic) commit at once
    await eventually(async () => handled.some((h) => h.n === 300), 60_000);
    await eventually(async () => (await uncommitted(groupId)) === 0, 30_000);

    const before = await commitsSent(app);
    for (let i = 0; i < 12; i++) {
      const familyId = randomUUID(); // keys spread over partitions
      await stage(app, familyId, 301);
      await eventually(async () => handled.some((h) => h.n === 301 && h.familyId === familyId), 30_000, 20);
    }
    // Twelve batches, at most a few commits (one per batch before). Nothing is lost in between:
    // the handled events are only not yet committed, and the next commit covers all of them.
    expect((await commitsSent(app)) - before).toBeLessThanOrEqual(4);
    await eventually(async () => (await uncommitted(groupId)) === 0, 15_000, 200);
  });

  it('commits what it handled when it stops, a batch still in flight included, so a restart repeats nothing', async () => {
    const { app } = backbone;
    const consumer = app.get(KafkaEventConsumer);
    const familyId = randomUUID();
    await stage(app, familyId, 309);
    await eventually(async () => handled.some((h) => h.n === 309 && h.familyId === familyId), 30_000, 20);
    await stage(app, familyId, 310, false, 1000);
    // Stopped while 310's batch is still in flight (its handler takes a second), well inside the
    // interval: 309's commit is pending, and 310 is handled only after stop() began.
    await eventually(async () => invoked.some((h) => h.n === 310 && h.familyId === familyId), 30_000, 20);
    await consumer.stop();
    expect(handled.some((h) => h.n === 310 && h.familyId === familyId)).toBe(true);
    expect(await uncommitted(consumer.groupId)).toBe(0);
    await consumer.start();
    await stage(app, familyId, 311);
    await eventually(async () => handled.some((h) => h.n === 311 && h.familyId === familyId), 60_000);
    expect(invoked.filter((h) => (h.n === 309 || h.n === 310) && h.familyId === familyId)).toHaveLength(2);
  });

  it('loses and repeats nothing when a second member joins while offsets are not yet committed', async () => {
    const { app } = backbone;
    const first = app.get(KafkaEventConsumer);
    const familyIds = Array.from({ length: 6 }, () => randomUUID());
    for (const familyId of familyIds) await stage(app, familyId, 320);
    await eventually(async () => familyIds.every((f) => handled.some((h) => h.n === 320 && h.familyId === f)), 30_000, 20);

    // Same service name and database: the same consumer group. Joining moves partitions whose
    // handled offsets the first member has not committed yet; the newcomer reads them again.
    const second = await bootBackbone(backbone.databaseUrl, testEnv.kafkaBrokers, backbone.serviceName);
    try {
      expect(second.get(KafkaEventConsumer).groupId).toBe(first.groupId);
      for (const familyId of familyIds) await stage(app, familyId, 321);
      await eventually(async () => familyIds.every((f) => handled.some((h) => h.n === 321 && h.familyId === f)), 90_000, 100);
      const calls = (n: number) => familyIds.map((f) => invoked.filter((h) => h.n === n && h.familyId === f).length);
      expect(calls(320)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(calls(321)).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      await second.close();
    }
  });
});

describe('event backbone across a Kafka outage', () => {
  const env = { ...process.env, KAFKA_BROKERS: '127.0.0.1:29092', KAFKA_DATA_DIR: path.join(__dirname, '../../../../../.tellonce/kafka-outage-test') };
  const k = infra.settings(env).kafka;
  let app: INestApplication;
  let db: { url: string; drop: () => Promise<void> };
  const familyId = randomUUID();

  async function startBroker() {
    await infra.ensureKafka(k);
    const admin = await infra.kafkaReady(env.KAFKA_BROKERS!, 90_000);
    await admin.createTopics({ topics: [{ topic: TOPICS.audit, numPartitions: 3, replicationFactor: 1 }, { topic: TOPICS.deadLetters, numPartitions: 1, replicationFactor: 1 }] }).catch(() => false);
    await admin.disconnect();
  }

  beforeAll(async () => {
    await infra.stopKafka(k);
    fs.rmSync(k.dataDir, { recursive: true, force: true });
    await startBroker();
    db = await createScratchDatabase('outage');
    app = await bootBackbone(db.url, env.KAFKA_BROKERS!, `outage-${randomUUID().slice(0, 8)}`);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await infra.stopKafka(k);
    await db?.drop();
  });

  it('keeps events written while Kafka is down and delivers each exactly once after it returns', async () => {
    await stage(app, familyId, 100);
    await eventually(async () => handled.some((h) => h.n === 100 && h.familyId === familyId), 30_000);
    await infra.stopKafka(k);
    const during = await stage(app, familyId, 101);
    const ds = app.get<DataSource>(getDataSourceToken());
    await new Promise((r) => setTimeout(r, 1500));
    const waiting = await ds.query('SELECT published_at FROM outbox WHERE event_id = $1', [during.id]);
    expect(waiting[0].published_at).toBeNull();
    await startBroker();
    await eventually(async () => handled.some((h) => h.n === 101 && h.familyId === familyId), 90_000, 250);
    await new Promise((r) => setTimeout(r, 2000));
    expect(handled.filter((h) => h.n === 101 && h.familyId === familyId)).toHaveLength(1);
    expect(invoked.filter((h) => h.n === 101 && h.familyId === familyId)).toHaveLength(1);
    const rows = await ds.query('SELECT count(*)::int AS c FROM probe_seen WHERE n = 101');
    expect(rows[0].c).toBe(1);
  }, 180_000);
});
