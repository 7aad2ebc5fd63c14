/**
 * Is `value` an instant as a cursor issues it (`Date#toISOString`, 1970 to 9999)? A cursor comes
 * back from the client, so it can be hand-made: a time JavaScript reads but PostgreSQL refuses
 * (year 0, 30 February rolled over, 100000 BC) must be a 400, not reach the query as a 500.
 */
export function isCursorInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return false;
  const year = at.getUTCFullYear();
  return year >= 1970 && year <= 9999 && at.toISOString() === value;
}
