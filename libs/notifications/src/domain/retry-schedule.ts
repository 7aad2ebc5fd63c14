/** Standard Webhooks' suggested schedule: delays (seconds) before retry 1, 2, ... */
export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = [5, 300, 1800, 7200, 18000, 36000, 36000];
export const DEFAULT_RETRY_SCHEDULE_TEXT = DEFAULT_RETRY_SCHEDULE_SECONDS.join(',');
export const RETRY_JITTER = 0.2;
/** Retry-After is honoured, within reason: a partner cannot park a message for longer than a day. */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

export class InvalidRetryScheduleError extends Error {}

/** Parses `WEBHOOK_RETRY_SCHEDULE_SECONDS` ("5,300,1800" or "0.2,0.2"). Empty means no retries. */
export function parseRetrySchedule(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return trimmed.split(',').map((part) => {
    const value = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(value) || value < 0) {
      throw new InvalidRetryScheduleError('WEBHOOK_RETRY_SCHEDULE_SECONDS must be a comma list of non-negative numbers of seconds');
    }
    return value;
  });
}

/** Total attempts for a schedule: the first try plus one per scheduled retry. */
export function maxAttempts(schedule: readonly number[]): number {
  return schedule.length + 1;
}

/**
 * Delay in ms before the next try after `attemptsMade` tries (1-based), with +-20 % jitter so
 * many failing messages do not retry in lock-step. `random` is in [0, 1). Null: no retry left.
 */
export function retryDelayMs(schedule: readonly number[], attemptsMade: number, random: () => number = Math.random): number | null {
  const base = schedule[attemptsMade - 1];
  if (base === undefined || attemptsMade < 1) return null;
  const factor = 1 - RETRY_JITTER + 2 * RETRY_JITTER * random();
  return Math.max(0, Math.round(base * 1000 * factor));
}

/** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. Capped at a day. */
export function parseRetryAfterMs(header: string | null | undefined, now: Date = new Date()): number | null {
  if (!header) return null;
  const text = header.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return null;
    ms = Math.max(0, at - now.getTime());
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}
