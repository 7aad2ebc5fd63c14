import { calendarDayProblem } from '@tellonce/platform';

// A family member's dates of birth and expected due dates (yyyy-mm-dd); "today" is the hubs' local day (hubDayOf).

/** What is wrong with a date of birth, or null: a real day from 1900 up to today (born today is fine). */
export function dateOfBirthProblem(value: unknown, today: string): string | null {
  const problem = calendarDayProblem(value);
  if (problem) return problem;
  return (value as string) > today ? 'must not be in the future' : null;
}

/** What is wrong with an expected due date, or null: a real day in a year a person can write down. */
export function expectedDueDateProblem(value: unknown): string | null {
  return calendarDayProblem(value);
}
