import { decodeCursor, encodeCursor } from './cursor';

describe('cursor', () => {
  it('round-trips and rejects junk', () => {
    const at = new Date('2025-01-02T03:04:05.678Z');
    const id = '6f1c0f8e-0000-4000-8000-000000000000';
    expect(decodeCursor(encodeCursor(at, id))).toEqual({ at, id });
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor('nonsense')).toBe('invalid');
  });

  it.each(['-100000-01-01T00:00:00.000Z', '2026-02-30T00:00:00.000Z', '0000-01-01T00:00:00.000Z'])('refuses a hand-made time PostgreSQL would refuse (%s)', (iso) => {
    const handMade = Buffer.from(`${iso}|6f1c0f8e-0000-4000-8000-000000000000`, 'utf8').toString('base64url');
    expect(decodeCursor(handMade)).toBe('invalid');
  });
});
