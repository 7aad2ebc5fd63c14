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

/** yyyy-mm-dd naming a real day. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}
