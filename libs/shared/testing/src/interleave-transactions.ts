import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs two transactions in the one order that loses work when they are not serialised: `first`
 * does all its work but does not commit; `second` starts and either finishes (nothing made it
 * wait) or is seen waiting on a lock; only then does `first` commit. A test that uses this fails
 * every time the lock it relies on is missing, not only when the scheduler happens to interleave.
 */
export async function interleaveTransactions(dataSource: DataSource, first: (manager: EntityManager) => Promise<void>, second: (manager: EntityManager) => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const [{ pid }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
    await first(runner.manager);
    let settled = false;
    const secondDone = dataSource.transaction(second).finally(() => (settled = true));
    secondDone.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile
    const deadline = Date.now() + timeoutMs;
    while (!settled) {
      const [{ blocked }] = (await dataSource.query('SELECT count(*)::int AS blocked FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE NOT l.granted AND a.datname = current_database() AND l.pid <> $1', [pid])) as { blocked: number }[];
      if (blocked > 0) break;
      if (Date.now() > deadline) throw new Error(`the second transaction neither finished nor waited on a lock within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await runner.commitTransaction();
    await secondDone;
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }
}
