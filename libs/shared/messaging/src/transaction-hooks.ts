import type { QueryRunner } from 'typeorm';

/**
 * TypeORM runs a transaction opened inside another as a savepoint and fires the same
 * before/after commit and rollback hooks for it. Work deferred to "the commit" belongs to the
 * outermost one: these tell the two apart (TypeORM keeps the depth in a protected field).
 */
export function insideSavepoint(runner: QueryRunner): boolean {
  return ((runner as unknown as { transactionDepth?: number }).transactionDepth ?? 1) > 1;
}

/** In an after-commit or after-rollback hook: true when the whole transaction ended, not just a savepoint. */
export function transactionEnded(runner: QueryRunner): boolean {
  return !runner.isTransactionActive;
}
