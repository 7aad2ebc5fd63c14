import { badRequest } from '@tellonce/platform';

/** Opaque list cursor over a table's insertion sequence. */
export function encodeCursor(seq: string): string {
  return Buffer.from(`s:${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^s:(\d{1,18})$/.exec(decoded);
  if (!match) throw badRequest('The request is not valid.', [{ field: 'cursor', message: 'is not a cursor this service issued' }]);
  return match[1];
}

export function page<T extends { seq: string }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  return { rows, nextCursor: rows.length === limit ? encodeCursor(rows[rows.length - 1].seq) : null };
}

/**
 * One page of the rows `keep` lets through, read in runs newest first (`read(afterSeq, n)`) when a
 * filter cannot go into the query. Reads at most `scanLimit` rows: a page may then be short, with a
 * cursor to carry on from (only when rows are left). `keep` sees each run whole, so it can decide for the run at once.
 */
export async function pageOfKept<T extends { seq: string }>(
  read: (afterSeq: string | undefined, n: number) => Promise<T[]>,
  keep: (run: T[]) => Promise<(row: T) => boolean>,
  { limit, afterSeq, scanLimit }: { limit: number; afterSeq: string | undefined; scanLimit: number },
): Promise<{ rows: T[]; nextCursor: string | null }> {
  const run = Math.max(limit + 1, 50);
  const found: T[] = [];
  let from = afterSeq;
  for (let scanned = 0; scanned < scanLimit; ) {
    const n = Math.min(run, scanLimit - scanned);
    const rows = await read(from, n);
    scanned += rows.length;
    if (rows.length === 0) return { rows: found, nextCursor: null };
    const kept = await keep(rows);
    for (const row of rows) {
      from = row.seq;
      if (kept(row)) found.push(row);
      // One beyond the page: there is a next page, and it starts after the page's last row.
      if (found.length > limit) return { rows: found.slice(0, limit), nextCursor: encodeCursor(found[limit - 1].seq) };
    }
    if (rows.length < n) return { rows: found, nextCursor: null }; // the end of the rows
  }
  // Out of scan budget: a cursor only if a row is left to read, so the last page is never an empty one.
  if (from === undefined || (await read(from, 1)).length === 0) return { rows: found, nextCursor: null };
  return { rows: found, nextCursor: encodeCursor(from) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string | undefined): value is string => !!value && UUID.test(value);
