import { CoalescingBatcher } from './coalescing-batcher';

/** A run function that records its batches and can be held open until released. */
function recordingRun(answer: (item: number) => string | Error = (n) => `r${n}`) {
  const batches: number[][] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const run = async (items: number[]): Promise<string[]> => {
    batches.push(items);
    if (hold) await new Promise<void>((r) => (release = r));
    const results = items.map(answer);
    const failed = results.find((r): r is Error => r instanceof Error);
    if (failed) throw failed;
    return results as string[];
  };
  return {
    run,
    batches,
    holdNext: () => (hold = true),
    release: () => {
      hold = false;
      release?.();
    },
  };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('CoalescingBatcher', () => {
  it('runs calls made in the same turn as one batch and answers each caller its own result', async () => {
    const r = recordingRun();
    const batcher = new CoalescingBatcher(r.run);
    const answers = await Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    expect(answers).toEqual(['r1', 'r2', 'r3']);
    expect(r.batches).toEqual([[1, 2, 3]]);
  });

  it('runs a lone call at once, on its own: no timer to wait for', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const r = recordingRun();
      const batcher = new CoalescingBatcher(r.run);
      let answer: string | undefined;
      void batcher.submit(7).then((a) => (answer = a));
      await turn();
      await turn();
      expect(answer).toBe('r7'); // no fake clock was advanced
      expect(r.batches).toEqual([[7]]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('gathers the calls made while a batch runs into the next batch', async () => {
    const r = recordingRun();
    const batcher = new CoalescingBatcher(r.run);
    r.holdNext();
    const first = batcher.submit(1);
    await turn();
    expect(r.batches).toEqual([[1]]);
    const later = [2, 3, 4].map((n) => batcher.submit(n));
    await turn();
    await turn();
    expect(r.batches).toEqual([[1]]); // one batch at a time
    r.release();
    await expect(first).resolves.toBe('r1');
    await expect(Promise.all(later)).resolves.toEqual(['r2', 'r3', 'r4']);
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('never puts more than maxBatch items in a batch', async () => {
    const r = recordingRun();
    const batcher = new CoalescingBatcher(r.run, { maxBatch: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n)));
    expect(r.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('keeps items with the same key in separate batches, in the order they came', async () => {
    const r = recordingRun();
    const batcher = new CoalescingBatcher(r.run, { key: (n: number) => String(n % 10) });
    const answers = await Promise.all([1, 11, 2, 21, 3].map((n) => batcher.submit(n)));
    expect(answers).toEqual(['r1', 'r11', 'r2', 'r21', 'r3']);
    expect(r.batches).toEqual([[1, 2, 3], [11], [21]]);
  });

  it('runs a failed batch again item by item, so only the bad item fails', async () => {
    const r = recordingRun((n) => (n === 2 ? new Error('bad item') : `r${n}`));
    const batcher = new CoalescingBatcher(r.run);
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.submit(n)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'r1' },
      { status: 'rejected', reason: new Error('bad item') },
      { status: 'fulfilled', value: 'r3' },
    ]);
    expect(r.batches).toEqual([[1, 2, 3], [1], [2], [3]]);
    await expect(batcher.submit(4)).resolves.toBe('r4');
  });

  it('fails the callers of a batch that answers the wrong number of results', async () => {
    const batcher = new CoalescingBatcher(async (items: number[]) => items.slice(1).map(String));
    const results = await Promise.allSettled([1, 2].map((n) => batcher.submit(n)));
    expect(results.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('batch of 1 answered 0 results');
  });
});
