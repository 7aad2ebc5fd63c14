import { calendarDayProblem, hubDayOf } from './calendar-day';

describe('calendar days', () => {
  it.each([
    ['2030-01-15T12:00:00Z', '2030-01-15'],
    ['2030-07-15T23:30:00Z', '2030-07-16'], // BST: already the next day in London
    ['2030-01-15T23:30:00Z', '2030-01-15'], // GMT
  ])('hubDayOf(%s) = %s', (instant, day) => {
    expect(hubDayOf(new Date(instant))).toBe(day);
  });

  it.each([
    ['2028-02-29', null],
    ['1900-01-01', null],
    ['2200-12-31', null],
    ['2026-02-30', 'must be a real calendar date'],
    ['2030-13-01', 'must be a real calendar date'],
    ['0000-01-01', 'must be in 1900 or later'],
    ['2201-01-01', 'must be in 2200 or earlier'],
    ['01/02/2030', 'must be a date as yyyy-mm-dd'],
    [20300101, 'must be a date as yyyy-mm-dd'],
  ])('calendarDayProblem(%p) = %p', (value, problem) => {
    expect(calendarDayProblem(value)).toBe(problem);
  });
});
