import { decodeCursor, encodeCursor, pageOfKept } from './cursor';

/** Rows with seq 100 (newest) down to 1, read newest first after a cursor, as the repository does. */
function table(count: number) {
  const rows = Array.from({ length: count }, (_, i) => ({ seq: String(count - i) }));
  const reads: number[] = [];
  const read = async (afterSeq: string | undefined, n: number) => {
    reads.push(n);
    return rows.filter((r) => afterSeq === undefined || Number(r.seq) < Number(afterSeq)).slice(0, n);
  };
  return { read, reads };
}
const keepEven = async () => (row: { seq: string }) => Number(row.seq) % 2 === 0;
const seqs = (rows: { seq: string }[]) => rows.map((r) => Number(r.seq));

describe('pageOfKept', () => {
  it('fills a page with kept rows only, and its cursor starts the next page after the last of them', async () => {
    const { read } = table(100);
    const first = await pageOfKept(read, keepEven, { limit: 3, afterSeq: undefined, scanLimit: 2000 });
    expect(seqs(first.rows)).toEqual([100, 98, 96]);
    expect(decodeCursor(first.nextCursor!)).toBe('96');
    const second = await pageOfKept(read, keepEven, { limit: 3, afterSeq: '96', scanLimit: 2000 });
    expect(seqs(second.rows)).toEqual([94, 92, 90]);
  });

  it('walks every kept row exactly once, page by page, and ends without a cursor', async () => {
    const { read } = table(100);
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await pageOfKept(read, keepEven, { limit: 7, afterSeq: cursor, scanLimit: 2000 });
      seen.push(...seqs(page.rows));
      if (!page.nextCursor) break;
      cursor = decodeCursor(page.nextCursor);
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => 100 - 2 * i));
  });

  it('no cursor when the last kept row is the last row', async () => {
    const { read } = table(6);
    const page = await pageOfKept(read, keepEven, { limit: 3, afterSeq: undefined, scanLimit: 2000 });
    expect(seqs(page.rows)).toEqual([6, 4, 2]);
    expect(page.nextCursor).toBeNull();
  });

  it('stops after the scan limit with a short page and a cursor at the last row read', async () => {
    const { read, reads } = table(1000);
    const none = async () => () => false;
    const page = await pageOfKept(read, none, { limit: 20, afterSeq: undefined, scanLimit: 120 });
    expect(page.rows).toEqual([]);
    expect(reads.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(120);
    expect(reads[reads.length - 1]).toBe(1); // a peek: is anything left after the scan?
    expect(page.nextCursor).toBe(encodeCursor('881'));
  });

  it('no cursor when the scan limit lands exactly on the last row', async () => {
    const { read } = table(120);
    const page = await pageOfKept(read, async () => () => false, { limit: 20, afterSeq: undefined, scanLimit: 120 });
    expect(page.rows).toEqual([]);
    expect(page.nextCursor).toBeNull();
  });

  it('decides per run: keep sees each run of rows once', async () => {
    const { read } = table(200);
    const runs: number[] = [];
    await pageOfKept(read, async (run) => (runs.push(run.length), () => false), { limit: 10, afterSeq: undefined, scanLimit: 2000 });
    expect(runs).toEqual([50, 50, 50, 50]);
  });
});
