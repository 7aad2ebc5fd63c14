export type TimelineOrder = 'asc' | 'desc';

/** Position after the last item of a page: keyset (at, seq). `at` keeps PostgreSQL's microseconds. */
export interface TimelineCursor {
  order: TimelineOrder;
  at: string;
  seq: string;
}

export class MalformedCursorError extends Error {}

const AT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
// At most 18 digits always fits PostgreSQL's bigint (19 digits may not: a 500, not a 400).
const SEQ = /^[1-9]\d{0,17}$/;

/**
 * A real instant PostgreSQL can compare with: Date.parse rolls 2026-02-30 over to March and takes
 * year 0000, which PostgreSQL then refuses. Seconds must survive a round trip through Date.
 */
function isInstant(at: string): boolean {
  const match = AT.exec(at);
  if (!match) return false;
  const year = Number(match[1]);
  if (year < 1970) return false;
  const seconds = at.slice(0, 19);
  const parsed = new Date(`${seconds}Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === seconds;
}

/** Opaque to clients: base64url of a small JSON array. */
export function encodeCursor(cursor: TimelineCursor): string {
  return Buffer.from(JSON.stringify([cursor.order === 'asc' ? 'a' : 'd', cursor.at, cursor.seq]), 'utf8').toString('base64url');
}

export function decodeCursor(value: string): TimelineCursor {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) throw new MalformedCursorError('cursor is not base64url');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw new MalformedCursorError('cursor is not readable');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw new MalformedCursorError('cursor has the wrong shape');
  const [order, at, seq] = parsed as unknown[];
  if ((order !== 'a' && order !== 'd') || typeof at !== 'string' || !isInstant(at) || typeof seq !== 'string' || !SEQ.test(seq)) {
    throw new MalformedCursorError('cursor has the wrong shape');
  }
  return { order: order === 'a' ? 'asc' : 'desc', at, seq };
}
