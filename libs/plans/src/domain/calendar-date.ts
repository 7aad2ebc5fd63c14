/** Calendar dates (yyyy-mm-dd) as the hub sees them: due dates and review dates are local days. */
export const HUB_TIME_ZONE = 'Europe/London';

const FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: HUB_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The local calendar day of an instant, yyyy-mm-dd. */
export function calendarDateOf(instant: Date): string {
  return FORMAT.format(instant);
}

/** A date is past due once its whole day has gone by: due today is not overdue yet. */
export function isPastDue(dueDate: string, today: string): boolean {
  return dueDate < today;
}

/**
 * The years a plan's due or review date may fall in. Year 0000 matches the pattern and Date takes
 * it, but PostgreSQL's date refuses it (a 500); a date outside these years is a typing slip anyway.
 */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

/** yyyy-mm-dd naming a real day from FIRST_YEAR to LAST_YEAR. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-\d{2}-\d{2}$/.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}
