import { describe, expect, it } from '@jest/globals';
import { ApiError, idempotencyKeyFor, mayRetryWithSameKey } from './api';

describe('Idempotency-Key for a POST', () => {
  it('keeps the key for the same body and makes a new one for another', () => {
    const first = idempotencyKeyFor(null, { to: 'done' });
    expect(idempotencyKeyFor(first, { to: 'done' }).key).toBe(first.key);
    expect(idempotencyKeyFor(first, { to: 'blocked' }).key).not.toBe(first.key);
  });

  it.each([
    [0, true],
    [500, true],
    [502, true],
    [503, true],
    [400, false],
    [403, false],
    [404, false],
    [409, false],
    [422, false],
  ])('after a %s answer, a retry may reuse the key: %s', (status, reuse) => {
    expect(mayRetryWithSameKey(new ApiError(status, 'title', undefined, []))).toBe(reuse);
  });

  it('does not reuse the key after an error that is not the API’s', () => {
    expect(mayRetryWithSameKey(new Error('boom'))).toBe(false);
  });
});
