import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { validateConfig } from '@tellonce/platform';
import { startTestIssuer, testEnv, TestIssuer } from '@tellonce/testing';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import request from 'supertest';
import { DeadLetterStore, GatewayConfig, GatewayModule } from '../../src';
import { DEAD_LETTER_STORE } from '../../src/ops/ops.controller';

/**
 * GET /v1/ops/dead-letters on the real gateway module, reading a dead-letter topic of its own on the
 * test broker (the shared one holds every other test's dead letters): the list convention, paged.
 */
describe('gateway ops: the dead-letter list pages as every list does', () => {
  const run = randomUUID().slice(0, 8);
  const topic = `tellonce.it.dlq.${run}`;
  const kafka = new Kafka({ clientId: `gateway-dlq-it-${run}`, brokers: testEnv.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const redis = new Redis(testEnv.redisUrl);
  let issuer: TestIssuer;
  let app: INestApplication;
  let ops: string;

  /** Five dead letters on two partitions; two share a time, so the order falls back on partition and offset. */
  const letters = [
    { partition: 0, at: '2026-01-01T10:00:00.000Z' },
    { partition: 1, at: '2026-01-01T10:00:05.000Z' },
    { partition: 0, at: '2026-01-01T10:00:05.000Z' },
    { partition: 1, at: '2026-01-01T10:00:01.000Z' },
    { partition: 0, at: '2026-01-01T10:00:09.000Z' },
  ].map((l) => ({ ...l, eventId: randomUUID() }));

  const get = (query: string) => request(app.getHttpServer()).get(`/v1/ops/dead-letters${query}`).set('authorization', `Bearer ${ops}`);

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2, replicationFactor: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: letters.map((l, n) => ({
        partition: l.partition,
        key: `family-${n}`,
        value: JSON.stringify({ n }),
        headers: { ce_id: l.eventId, ce_type: 'tellonce.test.v1', dlq_consumer_group: 'tellonce.it', dlq_original_topic: 'tellonce.it.v1', dlq_original_partition: '0', dlq_original_offset: String(n), dlq_error: 'boom', dlq_at: l.at },
      })),
    });
    await producer.disconnect();

    issuer = await startTestIssuer();
    const config = validateConfig(GatewayConfig, {
      ...process.env,
      AUTH_MODE: 'oidc',
      AUTH_JWKS_URL: issuer.jwksUrl,
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
      KAFKA_BROKERS: testEnv.kafkaBrokers,
      REDIS_URL: testEnv.redisUrl,
      SERVE_CONSOLE: 'false',
      LOG_LEVEL: 'warn',
    });
    const moduleRef = await Test.createTestingModule({ imports: [await GatewayModule.forRoot(config)] })
      .overrideProvider(DEAD_LETTER_STORE)
      .useValue(new DeadLetterStore(kafka, redis, topic))
      .compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
    await app.init();
    ops = await issuer.token({ role: 'ops' });
  });

  afterAll(async () => {
    await app?.close();
    await issuer?.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    redis.disconnect();
  });

  it('walks the list newest first in pages of `limit`, each dead letter once, the last page without a cursor', async () => {
    const pages: { eventId: string; at: string }[][] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await get(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor']);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
      expect(pages.length).toBeLessThanOrEqual(3);
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const expected = [letters[4], letters[1], letters[2], letters[3], letters[0]];
    expect(pages.flat().map((i) => [i.eventId, i.at])).toEqual(expected.map((l) => [l.eventId, l.at]));
  });

  it('gives every dead letter on one page by default (up to 50), with a null nextCursor', async () => {
    const res = await get('').expect(200);
    expect(res.body.items).toHaveLength(5);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items[0]).toMatchObject({ eventId: letters[4].eventId, type: 'tellonce.test.v1', consumerGroup: 'tellonce.it', error: 'boom', replayed: false });
    expect(res.body.items[0].id).toMatch(/^\d+-\d+$/);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=201', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['cursor=zzz', 'cursor'],
    ['cursor=<201 characters>', 'cursor'],
    ['page=2', 'page'],
  ])('refuses ?%s with a 400 problem naming %s', async (query, field) => {
    const res = await get(`?${query.replace('<201 characters>', 'a'.repeat(201))}`).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
