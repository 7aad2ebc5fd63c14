import { createHash } from 'node:crypto';
import { lookAgainUntil } from '@tellonce/platform';
import type { Redis } from 'ioredis';

export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
  fingerprint: string;
}

export type Reservation = { kind: 'reserved' } | { kind: 'in-progress' } | { kind: 'replay'; response: StoredResponse } | { kind: 'mismatch' };

const PENDING = 'pending';

/**
 * `Idempotency-Key` for every POST, in one place (the gateway), backed by Redis: the first request
 * with a key reserves it, a retry gets the first response back, a concurrent twin waits for that
 * response (409 only if it takes longer than the wait), and the same key with a different body gets
 * 422. 5xx answers are not kept, so they can be retried.
 */
export class IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {}

  static fingerprint(method: string, path: string, body: Buffer): string {
    return createHash('sha256').update(method).update('\n').update(path).update('\n').update(body).digest('hex');
  }

  private key(sub: string, idempotencyKey: string): string {
    return `tellonce:idem:${createHash('sha256').update(sub).update('\0').update(idempotencyKey).digest('hex')}`;
  }

  async reserve(sub: string, idempotencyKey: string, fingerprint: string): Promise<Reservation> {
    const key = this.key(sub, idempotencyKey);
    const reserved = await this.redis.set(key, JSON.stringify({ state: PENDING, fingerprint }), 'EX', 120, 'NX');
    if (reserved === 'OK') return { kind: 'reserved' };
    const raw = await this.redis.get(key);
    if (!raw) return this.reserve(sub, idempotencyKey, fingerprint);
    const stored = JSON.parse(raw) as { state: string; fingerprint: string; response?: StoredResponse };
    if (stored.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (stored.state === PENDING || !stored.response) return { kind: 'in-progress' };
    return { kind: 'replay', response: stored.response };
  }

  /**
   * As reserve(), but a twin that finds its key in progress looks again every `pollMs` for up to
   * `waitMs`: a client retrying a slow request gets the first request's answer, not a 409 to retry
   * again. If the first request failed (5xx, or the gateway gave up), the twin reserves the key.
   */
  async reserveOrWait(sub: string, idempotencyKey: string, fingerprint: string, waitMs: number, pollMs = 50): Promise<Reservation> {
    return lookAgainUntil(() => this.reserve(sub, idempotencyKey, fingerprint), (r) => r.kind !== 'in-progress', { waitMs, pollMs });
  }

  async complete(sub: string, idempotencyKey: string, response: StoredResponse): Promise<void> {
    const key = this.key(sub, idempotencyKey);
    if (response.status >= 500) {
      await this.redis.del(key);
      return;
    }
    await this.redis.set(key, JSON.stringify({ state: 'done', fingerprint: response.fingerprint, response }), 'EX', this.ttlSeconds);
  }

  async release(sub: string, idempotencyKey: string): Promise<void> {
    await this.redis.del(this.key(sub, idempotencyKey));
  }
}
