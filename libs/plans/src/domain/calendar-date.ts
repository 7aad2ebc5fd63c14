import { calendarDayProblem, hubDayOf } from '@tellonce/platform';

/** The hub's local calendar day of an instant, yyyy-mm-dd: due dates and review dates are local days. */
export const calendarDateOf = hubDayOf;

/** A date is past due once its whole day has gone by: due today is not overdue yet. */
export function isPastDue(dueDate: string, today: string): boolean {
  return dueDate < today;
}

/** yyyy-mm-dd naming a real day from 1900 to 2200 (year 0000 would reach PostgreSQL, which refuses it). */
export function isCalendarDate(value: string): boolean {
  return calendarDayProblem(value) === null;
}
