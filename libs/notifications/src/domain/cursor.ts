import { isCursorInstant } from '@tellonce/platform';

/** Opaque keyset cursor over (time, id). */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | null | 'invalid' {
  if (!cursor) return null;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!isCursorInstant(iso) || !id || !/^[0-9a-f-]{36}$/.test(id)) return 'invalid';
  return { at: new Date(iso), id };
}
