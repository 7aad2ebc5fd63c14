import { randomUUID } from 'node:crypto';
import { testEnv } from '@tellonce/testing';
import { Redis } from 'ioredis';
import { IdempotencyStore } from '../../src';

describe('IdempotencyStore on real Redis', () => {
  const redis = new Redis(testEnv.redisUrl);
  const store = new IdempotencyStore(redis, 60);
  afterAll(() => redis.quit());

  it('reserves once, reports in-progress to a twin, then replays the stored answer', async () => {
    const key = randomUUID();
    const fp = IdempotencyStore.fingerprint('POST', '/v1/referrals', Buffer.from('{"a":1}'));
    expect(await store.reserve('sub-1', key, fp)).toEqual({ kind: 'reserved' });
    expect(await store.reserve('sub-1', key, fp)).toEqual({ kind: 'in-progress' });
    await store.complete('sub-1', key, { status: 201, contentType: 'application/json', body: '{"id":"r1"}', fingerprint: fp });
    expect(await store.reserve('sub-1', key, fp)).toEqual({ kind: 'replay', response: { status: 201, contentType: 'application/json', body: '{"id":"r1"}', fingerprint: fp } });
  });

  it('a twin waits for the first answer and gets it replayed', async () => {
    const key = randomUUID();
    const answer = { status: 201, contentType: 'application/json', body: '{"id":"r2"}', fingerprint: 'a' };
    expect(await store.reserve('sub-1', key, 'a')).toEqual({ kind: 'reserved' });
    const twin = store.reserveOrWait('sub-1', key, 'a', 5000, 20);
    await new Promise((r) => setTimeout(r, 150));
    await store.complete('sub-1', key, answer);
    expect(await twin).toEqual({ kind: 'replay', response: answer });
  });

  it('a twin whose first request failed takes the key over; one that waits too long is told in-progress', async () => {
    const released = randomUUID();
    await store.reserve('sub-1', released, 'a');
    const twin = store.reserveOrWait('sub-1', released, 'a', 5000, 20);
    await new Promise((r) => setTimeout(r, 100));
    await store.release('sub-1', released);
    expect(await twin).toEqual({ kind: 'reserved' });

    const stuck = randomUUID();
    await store.reserve('sub-1', stuck, 'a');
    const started = Date.now();
    expect(await store.reserveOrWait('sub-1', stuck, 'a', 200, 20)).toEqual({ kind: 'in-progress' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('refuses the same key with a different body', async () => {
    const key = randomUUID();
    await store.reserve('sub-1', key, 'a');
    expect(await store.reserve('sub-1', key, 'b')).toEqual({ kind: 'mismatch' });
  });

  it('keeps keys per caller', async () => {
    const key = randomUUID();
    await store.reserve('sub-1', key, 'a');
    expect(await store.reserve('sub-2', key, 'a')).toEqual({ kind: 'reserved' });
  });

  it('forgets a 5xx answer so the client can retry', async () => {
    const key = randomUUID();
    await store.reserve('sub-1', key, 'a');
    await store.complete('sub-1', key, { status: 503, contentType: 'application/problem+json', body: '{}', fingerprint: 'a' });
    expect(await store.reserve('sub-1', key, 'a')).toEqual({ kind: 'reserved' });
  });
});
