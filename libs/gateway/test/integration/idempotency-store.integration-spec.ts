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
