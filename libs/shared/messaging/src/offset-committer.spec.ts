import { HandledOffset, OffsetCommitter } from './offset-committer';

const at = (partition: number, offset: number, topic = 't'): HandledOffset => ({ topic, partition, offset: String(offset) });

describe('OffsetCommitter', () => {
  let commits: HandledOffset[][];
  let failNext: number;
  let errors: number;
  const commit = async (offsets: HandledOffset[]) => {
    if (failNext > 0) {
      failNext--;
      throw new Error('REBALANCE_IN_PROGRESS');
    }
    commits.push(offsets);
  };
  const committer = (intervalMs: number) => new OffsetCommitter(commit, { intervalMs, onError: () => errors++ });

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    commits = [];
    failNext = 0;
    errors = 0;
  });
  afterEach(() => jest.useRealTimers());

  it('with interval 0 commits after every batch', async () => {
    const c = committer(0);
    await c.handled(at(0, 5));
    await c.handled(at(0, 9));
    await c.handled(at(1, 3));
    expect(commits).toEqual([[at(0, 5)], [at(0, 9)], [at(1, 3)]]);
  });

  it('commits the first batch at once, then at most once per interval: every partition\'s latest offset in one request', async () => {
    const c = committer(1000);
    await c.handled(at(0, 5));
    expect(commits).toEqual([[at(0, 5)]]);

    await c.handled(at(0, 7));
    await c.handled(at(1, 2));
    await c.handled(at(0, 9));
    await c.handled(at(2, 4, 'u'));
    expect(commits).toHaveLength(1);

    await jest.advanceTimersByTimeAsync(999);
    expect(commits).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(commits).toEqual([[at(0, 5)], [at(0, 9), at(1, 2), at(2, 4, 'u')]]);

    // Nothing handled since: no empty commits.
    await jest.advanceTimersByTimeAsync(5000);
    expect(commits).toHaveLength(2);
  });

  it('commits in the batch itself once the interval has passed, without waiting for the timer', async () => {
    const c = committer(1000);
    await c.handled(at(0, 1));
    jest.setSystemTime(Date.now() + 1500);
    await c.handled(at(0, 2));
    expect(commits).toEqual([[at(0, 1)], [at(0, 2)]]);
  });

  it('flush commits what is pending at once (the stop path)', async () => {
    const c = committer(60_000);
    await c.handled(at(0, 1));
    await c.handled(at(0, 2));
    await c.handled(at(3, 8));
    await c.flush();
    c.stop();
    expect(commits).toEqual([[at(0, 1)], [at(0, 2), at(3, 8)]]);
    await jest.advanceTimersByTimeAsync(120_000);
    expect(commits).toHaveLength(2);
  });

  it('never commits for a partition the member no longer holds', async () => {
    const c = committer(1000);
    await c.handled(at(0, 1));
    await c.handled(at(0, 4));
    await c.handled(at(1, 6));
    c.assignmentChanged({ t: [1, 2] });
    await c.handled(at(0, 5)); // a batch that finished after the partition moved away
    await c.handled(at(2, 3));
    await jest.advanceTimersByTimeAsync(1000);
    expect(commits).toEqual([[at(0, 1)], [at(1, 6), at(2, 3)]]);
  });

  it('keeps offsets whose commit failed and commits them later, unless a newer one arrived', async () => {
    const c = committer(1000);
    failNext = 1;
    await c.handled(at(0, 1));
    await c.handled(at(1, 1));
    expect(commits).toEqual([]);
    expect(errors).toBe(1);
    await c.handled(at(1, 4));
    await jest.advanceTimersByTimeAsync(1000);
    expect(commits).toEqual([[at(0, 1), at(1, 4)]]);
  });

  it('once stopped, retries nothing by timer: a failed commit during shutdown is left to redelivery', async () => {
    const c = committer(1000);
    await c.handled(at(0, 1));
    await c.handled(at(0, 2));
    failNext = 5;
    await c.flush();
    c.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(errors).toBe(1);
    expect(commits).toEqual([[at(0, 1)]]);
  });

  it('once stopped, takes no more offsets (the consumer could not commit them)', async () => {
    const c = committer(0);
    c.stop();
    await c.handled(at(0, 1));
    await c.flush();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(commits).toEqual([]);
  });

  it('runs one commit at a time, in order, so an older offset never lands after a newer one', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const slow = new OffsetCommitter(
      async (offsets) => {
        order.push(`start ${offsets.map((o) => o.offset).join(',')}`);
        if (offsets[0].offset === '1') await new Promise<void>((r) => (release = r));
        order.push(`end ${offsets.map((o) => o.offset).join(',')}`);
      },
      { intervalMs: 0, onError: () => errors++ },
    );
    const first = slow.handled(at(0, 1));
    await jest.advanceTimersByTimeAsync(0); // the first commit is in flight
    const second = slow.handled(at(0, 2));
    await jest.advanceTimersByTimeAsync(10);
    expect(order).toEqual(['start 1']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });
});
