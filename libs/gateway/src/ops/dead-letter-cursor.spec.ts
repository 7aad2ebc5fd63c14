import { DeadLetterPosition, decodeDeadLetterCursor, encodeDeadLetterCursor, newestFirst, parseDeadLetterId } from './dead-letter-cursor';

describe('dead-letter list order and cursor', () => {
  it('orders newest first, then by partition and offset from the highest; one without a time comes last', () => {
    const positions: DeadLetterPosition[] = [
      { at: null, partition: 0, offset: '1' },
      { at: '2026-01-01T00:00:00.000Z', partition: 0, offset: '9' },
      { at: '2026-01-02T00:00:00.000Z', partition: 0, offset: '3' },
      { at: '2026-01-01T00:00:00.000Z', partition: 0, offset: '10' },
      { at: '2026-01-01T00:00:00.000Z', partition: 1, offset: '2' },
    ];
    expect([...positions].sort(newestFirst)).toEqual([
      { at: '2026-01-02T00:00:00.000Z', partition: 0, offset: '3' },
      { at: '2026-01-01T00:00:00.000Z', partition: 1, offset: '2' },
      { at: '2026-01-01T00:00:00.000Z', partition: 0, offset: '10' },
      { at: '2026-01-01T00:00:00.000Z', partition: 0, offset: '9' },
      { at: null, partition: 0, offset: '1' },
    ]);
  });

  it('round-trips a position, with or without a time', () => {
    for (const position of [
      { at: '2026-01-02T03:04:05.678Z', partition: 2, offset: '1234567890123' },
      { at: null, partition: 0, offset: '0' },
    ]) {
      const cursor = encodeDeadLetterCursor(position);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeDeadLetterCursor(cursor)).toEqual(position);
    }
  });

  it('has no cursor when none is given, and refuses one it did not give out', () => {
    expect(decodeDeadLetterCursor(undefined)).toBeNull();
    expect(decodeDeadLetterCursor('')).toBeNull();
    for (const junk of ['zzz', 'nonsense', Buffer.from('0-1').toString('base64url'), Buffer.from('x-1|2026').toString('base64url'), Buffer.from('0-1a|').toString('base64url')]) {
      expect([junk, decodeDeadLetterCursor(junk)]).toEqual([junk, 'invalid']);
    }
  });

  it('parses ids as ops see them', () => {
    expect(parseDeadLetterId('3-42')).toEqual({ partition: 3, offset: '42' });
    expect(parseDeadLetterId('3-')).toBeNull();
    expect(parseDeadLetterId('../etc')).toBeNull();
  });
});
