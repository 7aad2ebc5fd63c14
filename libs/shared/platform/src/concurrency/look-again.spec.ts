import { lookAgainUntil } from './look-again';

describe('lookAgainUntil', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('answers at once when the first look settles it', async () => {
    const probe = jest.fn(async () => 'there');
    await expect(lookAgainUntil(probe, (a) => a === 'there', { waitMs: 1000 })).resolves.toBe('there');
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('looks again every pollMs until the answer settles', async () => {
    let calls = 0;
    const probe = async () => ++calls;
    const answer = lookAgainUntil(probe, (n) => n >= 3, { waitMs: 1000, pollMs: 100 });
    await jest.advanceTimersByTimeAsync(250);
    await expect(answer).resolves.toBe(3);
  });

  it('gives up after waitMs with the last answer', async () => {
    let calls = 0;
    const probe = async () => ++calls;
    const answer = lookAgainUntil(probe, () => false, { waitMs: 300, pollMs: 100 });
    await jest.advanceTimersByTimeAsync(1000);
    await expect(answer).resolves.toBe(4); // at 0, 100, 200 and 300 ms
  });
});
