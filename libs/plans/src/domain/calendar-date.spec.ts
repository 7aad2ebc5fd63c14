// calendarDateOf is platform's hubDayOf, tested there (time/calendar-day.spec.ts).
import { isCalendarDate, isPastDue } from './calendar-date';

describe('calendar dates', () => {
  it.each([
    ['2030-01-14', '2030-01-15', true],
    ['2030-01-15', '2030-01-15', false],
    ['2030-01-16', '2030-01-15', false],
    ['2029-12-31', '2030-01-01', true],
  ])('isPastDue(%s, today %s) = %s', (due, today, past) => {
    expect(isPastDue(due, today)).toBe(past);
  });

  it.each([
    ['2030-02-28', true],
    ['2028-02-29', true],
    ['2030-02-29', false],
    ['2030-13-01', false],
    ['30-01-01', false],
    ['2030-1-1', false],
    ['2030-01-01T00:00:00Z', false],
    ['01/02/2030', false],
    ['0000-01-01', false], // PostgreSQL's date has no year 0
    ['0001-01-01', false],
    ['1899-12-31', false],
    ['1900-01-01', true],
    ['2200-12-31', true],
    ['2201-01-01', false],
    ['9999-12-31', false],
  ])('isCalendarDate(%s) = %s', (value, ok) => {
    expect(isCalendarDate(value)).toBe(ok);
  });
});
