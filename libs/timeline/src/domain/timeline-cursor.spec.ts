import { decodeCursor, encodeCursor, MalformedCursorError, TimelineCursor } from './timeline-cursor';

describe('timeline cursor', () => {
  it.each<TimelineCursor>([
    { order: 'asc', at: '2025-06-01T10:00:00.123456Z', seq: '42' },
    { order: 'desc', at: '2025-06-01T10:00:00Z', seq: '9007199254740993' },
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
    ['numeric seq', Buffer.from(JSON.stringify(['a', '2025-06-01T10:00:00Z', 1])).toString('base64url')],
    ['too long', 'a'.repeat(500)],
  ])('rejects a %s cursor', (_name, value) => {
    expect(() => decodeCursor(value)).toThrow(MalformedCursorError);
  });
});
