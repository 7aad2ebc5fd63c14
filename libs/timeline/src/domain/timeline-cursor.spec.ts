import { decodeCursor, encodeCursor, MalformedCursorError, TimelineCursor } from './timeline-cursor';

describe('timeline cursor', () => {
  it.each<TimelineCursor>([
    { order: 'asc', at: '2025-06-01T10:00:00.123456Z', seq: '42' },
    { order: 'desc', at: '2025-06-01T10:00:00Z', seq: '9007199254740993' },
    { order: 'desc', at: '1970-01-01T00:00:00.000001Z', seq: '999999999999999999' },
    { order: 'asc', at: '9999-12-31T23:59:59.999999Z', seq: '1' },
    { order: 'asc', at: '2028-02-29T00:00:00Z', seq: '1' },
  ])('round-trips %o through an opaque base64url string', (cursor) => {
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%'],
    ['not json', Buffer.from('nope').toString('base64url')],
    ['wrong shape', Buffer.from(JSON.stringify({ at: 'x' })).toString('base64url')],
    ['bad order', Buffer.from(JSON.stringify(['x', '2025-06-01T10:00:00Z', '1'])).toString('base64url')],
    ['bad time', Buffer.from(JSON.stringify(['a', 'yesterday', '1'])).toString('base64url')],
    ['impossible time', Buffer.from(JSON.stringify(['a', '2025-13-45T10:00:00Z', '1'])).toString('base64url')],
    ['bad seq', Buffer.from(JSON.stringify(['a', '2025-06-01T10:00:00Z', '1; DROP'])).toString('base64url')],
    ['year 0000', Buffer.from(JSON.stringify(['d', '0000-01-01T00:00:00Z', '1'])).toString('base64url')],
    ['pre-1970 time', Buffer.from(JSON.stringify(['d', '1969-12-31T23:59:59Z', '1'])).toString('base64url')],
    ['30 February', Buffer.from(JSON.stringify(['d', '2026-02-30T00:00:00Z', '1'])).toString('base64url')],
    ['hour 24', Buffer.from(JSON.stringify(['d', '2026-01-01T24:00:00Z', '1'])).toString('base64url')],
    ['leap second', Buffer.from(JSON.stringify(['d', '2026-06-30T23:59:60Z', '1'])).toString('base64url')],
    ['seq past bigint', Buffer.from(JSON.stringify(['d', '2026-01-01T00:00:00Z', '9999999999999999999'])).toString('base64url')],
    ['19-digit seq', Buffer.from(JSON.stringify(['d', '2026-01-01T00:00:00Z', '1000000000000000000'])).toString('base64url')],
    ['zero seq', Buffer.from(JSON.stringify(['d', '2026-01-01T00:00:00Z', '0'])).toString('base64url')],
    ['numeric seq', Buffer.from(JSON.stringify(['a', '2025-06-01T10:00:00Z', 1])).toString('base64url')],
    ['too long', 'a'.repeat(500)],
  ])('rejects a %s cursor', (_name, value) => {
    expect(() => decodeCursor(value)).toThrow(MalformedCursorError);
  });
});
