/**
 * A family member's dates of birth and expected due dates (yyyy-mm-dd). "Today" is the hub's local
 * day: a baby born just after midnight in London must not be "born in the future".
 */
const HUB_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Dates before or after these are typing slips (year 0000, 9999), whatever else they are. */
const EARLIEST = '1900-01-01';
const LATEST = '2200-12-31';

/** The hub's local day at an instant, yyyy-mm-dd. */
export function hubDayOf(instant: Date): string {
  return HUB_DAY.format(instant);
}

function dayProblem(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'must be a date as yyyy-mm-dd';
  const parsed = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) return 'must be a real calendar date';
  if (value < EARLIEST) return 'must be in 1900 or later';
  if (value > LATEST) return 'must be in 2200 or earlier';
  return null;
}

/** What is wrong with a date of birth, or null: a real day from 1900 up to today (born today is fine). */
export function dateOfBirthProblem(value: unknown, today: string): string | null {
  const problem = dayProblem(value);
  if (problem) return problem;
  return (value as string) > today ? 'must not be in the future' : null;
}

/** What is wrong with an expected due date, or null: a real day in a year a person can write down. */
export function expectedDueDateProblem(value: unknown): string | null {
  return dayProblem(value);
}
