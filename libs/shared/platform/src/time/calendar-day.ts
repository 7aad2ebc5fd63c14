/** Calendar days (yyyy-mm-dd) as the hubs see them: dates of birth, due dates and review dates are local days. */
export const HUB_TIME_ZONE = 'Europe/London';

const HUB_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: HUB_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The hubs' local day at an instant, yyyy-mm-dd: just after midnight in London is already tomorrow. */
export function hubDayOf(instant: Date): string {
  return HUB_DAY.format(instant);
}

/**
 * Dates outside these years are typing slips. Year 0000 also matches the pattern and Date takes it,
 * but PostgreSQL's date refuses it (a 500).
 */
const EARLIEST = '1900-01-01';
const LATEST = '2200-12-31';

/** What is wrong with a calendar day, or null: yyyy-mm-dd, a real day, from 1900 to 2200. */
export function calendarDayProblem(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'must be a date as yyyy-mm-dd';
  const parsed = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) return 'must be a real calendar date';
  if (value < EARLIEST) return 'must be in 1900 or later';
  if (value > LATEST) return 'must be in 2200 or earlier';
  return null;
}
