import { isCursorInstant } from './cursor-instant';

describe('isCursorInstant', () => {
  it.each([
    ['2026-12-02T11:21:44.123Z', true],
    ['1970-01-01T00:00:00.000Z', true],
    ['2026-12-02T11:21:44Z', false], // not as issued (no milliseconds)
    ['2026-02-30T00:00:00.000Z', false], // rolls over to 2 March
    ['0000-01-01T00:00:00.000Z', false],
    ['-100000-01-01T00:00:00.000Z', false],
    ['+010000-01-01T00:00:00.000Z', false],
    ['1969-12-31T23:59:59.999Z', false],
    ['yesterday', false],
    [42, false],
  ])('%p -> %p', (value, expected) => {
    expect(isCursorInstant(value)).toBe(expected);
  });
});
