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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string | undefined): value is string => !!value && UUID.test(value);
