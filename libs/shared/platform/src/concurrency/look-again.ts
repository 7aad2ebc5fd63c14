/**
 * Runs `probe` until `settled` accepts its answer or `waitMs` has passed, `pollMs` apart, and returns
 * the last answer. For reads of something another process is about to write: a view fed by events
 * still in flight, a twin request's stored answer.
 */
export async function lookAgainUntil<T>(probe: () => Promise<T>, settled: (answer: T) => boolean, { waitMs, pollMs = 100 }: { waitMs: number; pollMs?: number }): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const answer = await probe();
    if (settled(answer) || Date.now() >= deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** How long a service waits for a family or agency its view has not heard of yet (FAMILY_VIEW_WAIT_MS). */
export const viewWaitMs = (): number => Number(process.env.FAMILY_VIEW_WAIT_MS || 3000);
