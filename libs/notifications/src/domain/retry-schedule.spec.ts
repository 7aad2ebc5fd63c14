import { DEFAULT_RETRY_SCHEDULE_SECONDS, DEFAULT_RETRY_SCHEDULE_TEXT, maxAttempts, parseRetryAfterMs, parseRetrySchedule, retryDelayMs } from './retry-schedule';

describe('retry schedule', () => {
  it.each([
    ['5,300,1800', [5, 300, 1800]],
    [' 0.2, 0.2 ,0.2 ', [0.2, 0.2, 0.2]],
    ['0', [0]],
    ['', []],
    [DEFAULT_RETRY_SCHEDULE_TEXT, [...DEFAULT_RETRY_SCHEDULE_SECONDS]],
  ])('parses %j', (text, expected) => {
    expect(parseRetrySchedule(text)).toEqual(expected);
  });

  it.each(['5,,6', 'abc', '-1', '5,x', '1;2'])('rejects %j', (text) => {
    expect(() => parseRetrySchedule(text)).toThrow(/WEBHOOK_RETRY_SCHEDULE_SECONDS/);
  });

  it('defaults to 5s,5m,30m,2h,5h,10h,10h: eight attempts', () => {
    expect(DEFAULT_RETRY_SCHEDULE_SECONDS).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(maxAttempts(DEFAULT_RETRY_SCHEDULE_SECONDS)).toBe(8);
  });

  it.each([
    [1, 5000],
    [2, 300000],
    [7, 36000000],
  ])('after attempt %i waits the scheduled delay within +-20 %%', (attemptsMade, base) => {
    expect(retryDelayMs(DEFAULT_RETRY_SCHEDULE_SECONDS, attemptsMade, () => 0)).toBe(base * 0.8);
    expect(retryDelayMs(DEFAULT_RETRY_SCHEDULE_SECONDS, attemptsMade, () => 0.5)).toBe(base);
    expect(retryDelayMs(DEFAULT_RETRY_SCHEDULE_SECONDS, attemptsMade, () => 0.999999)).toBeLessThanOrEqual(base * 1.2);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(DEFAULT_RETRY_SCHEDULE_SECONDS, attemptsMade)!;
      expect(delay).toBeGreaterThanOrEqual(base * 0.8);
      expect(delay).toBeLessThanOrEqual(base * 1.2);
    }
  });

  it('has no retry after the last scheduled one', () => {
    expect(retryDelayMs(DEFAULT_RETRY_SCHEDULE_SECONDS, 8)).toBeNull();
    expect(retryDelayMs([], 1)).toBeNull();
    expect(retryDelayMs([1], 0)).toBeNull();
  });

  it.each([
    [undefined, null],
    ['', null],
    ['120', 120000],
    ['nonsense', null],
    ['999999', 24 * 3600 * 1000],
    ['Wed, 01 Jan 2025 00:01:00 GMT', 60000],
    ['Tue, 31 Dec 2024 23:00:00 GMT', 0],
  ])('reads Retry-After %j', (header, expected) => {
    expect(parseRetryAfterMs(header, new Date('2025-01-01T00:00:00Z'))).toBe(expected);
  });
});
