import { InflightLimiter } from './inflight-limiter';

describe('InflightLimiter', () => {
  it('admits up to the limit per upstream and refuses beyond it', () => {
    const limiter = new InflightLimiter(2);
    expect(limiter.tryAcquire('referrals')).toBe(true);
    expect(limiter.tryAcquire('referrals')).toBe(true);
    expect(limiter.tryAcquire('referrals')).toBe(false);
    expect(limiter.tryAcquire('consent')).toBe(true);
    expect(limiter.current('referrals')).toBe(2);
  });

  it('admits again once a request finishes, and never counts below zero', () => {
    const limiter = new InflightLimiter(1);
    expect(limiter.tryAcquire('plans')).toBe(true);
    limiter.release('plans');
    limiter.release('plans');
    expect(limiter.current('plans')).toBe(0);
    expect(limiter.tryAcquire('plans')).toBe(true);
    expect(limiter.tryAcquire('plans')).toBe(false);
  });
});
