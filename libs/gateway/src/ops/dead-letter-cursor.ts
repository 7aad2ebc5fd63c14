/** Where a dead letter sits in the ops list: its `dlq_at`, then its place on the dead-letter topic. */
export interface DeadLetterPosition {
  at: string | null;
  partition: number;
  offset: string;
}

const ID = /^(\d{1,5})-(\d{1,19})$/;

/** `<partition>-<offset>`, the id ops see; null when it is not one. */
export function parseDeadLetterId(id: string): { partition: number; offset: string } | null {
  const match = ID.exec(id);
  return match ? { partition: Number(match[1]), offset: match[2] } : null;
}

/**
 * The list's order: newest `at` first (a dead letter without one last), then partition and offset
 * from the highest, so every dead letter has one place and a cursor can say where a page ended.
 */
export function newestFirst(a: DeadLetterPosition, b: DeadLetterPosition): number {
  const atA = a.at ?? '';
  const atB = b.at ?? '';
  if (atA !== atB) return atA > atB ? -1 : 1;
  if (a.partition !== b.partition) return b.partition - a.partition;
  const offsetA = BigInt(a.offset);
  const offsetB = BigInt(b.offset);
  return offsetA === offsetB ? 0 : offsetA > offsetB ? -1 : 1;
}

/** Opaque keyset cursor: the position of a page's last dead letter. */
export function encodeDeadLetterCursor(last: DeadLetterPosition): string {
  return Buffer.from(`${last.partition}-${last.offset}|${last.at ?? ''}`, 'utf8').toString('base64url');
}

export function decodeDeadLetterCursor(cursor: string | undefined): DeadLetterPosition | null | 'invalid' {
  if (!cursor) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  const id = bar < 0 ? null : parseDeadLetterId(text.slice(0, bar));
  if (!id) return 'invalid';
  const at = text.slice(bar + 1);
  return { at: at === '' ? null : at, ...id };
}
