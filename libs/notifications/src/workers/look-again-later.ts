import { DelayedError, Job } from 'bullmq';

/** No staging transaction stays open this long: a job whose row is still missing then is dropped. */
export const ROW_GIVE_UP_MS = 10 * 60 * 1000;

/** Every 2 s for the first minute (a slow commit, a consumer retry), then every 30 s. */
export const lookAgainDelayMs = (ageMs: number) => (ageMs < 60_000 ? 2000 : 30_000);

/**
 * For a job added with the transaction that writes its row (just before its COMMIT), when the row
 * is not visible yet: the COMMIT may still be under way (another replica's, or a slow one), or may
 * have failed, in which case the consumer's retry writes the row again under the same job id, so
 * BullMQ adds no second job and this one must not be lost. Puts the job back without using up an
 * attempt; returns 'give-up' once it is too old.
 */
export async function lookAgainLater(job: Job, token: string | undefined): Promise<'give-up'> {
  const age = Date.now() - job.timestamp;
  if (age > ROW_GIVE_UP_MS) return 'give-up';
  await job.moveToDelayed(Date.now() + lookAgainDelayMs(age), token);
  throw new DelayedError();
}
