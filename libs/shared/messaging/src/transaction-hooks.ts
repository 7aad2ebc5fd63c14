import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent, TransactionStartEvent } from 'typeorm';

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

/**
 * Writes that can wait for the commit. Added inside a transaction, items are kept in memory and
 * written together, in the order added, just before the outermost transaction commits: one round
 * trip instead of one per item. Outside a transaction an item is written at once.
 *
 * Savepoints: when one starts, what is kept is written first. Items added inside a savepoint are
 * written at once. So rolling back to a savepoint takes back exactly its own writes, and the
 * writes stay in the order they were added.
 *
 * If the write fails, the commit fails and the transaction rolls back. A rollback forgets the items.
 */
export class WrittenAtCommit<T> implements EntitySubscriberInterface {
  private readonly kept = new WeakMap<QueryRunner, T[]>();

  constructor(private readonly write: (items: T[], manager: EntityManager) => Promise<void>) {}

  /** TypeORM calls the hooks below only for subscribers it knows. */
  subscribeTo(dataSource: DataSource): void {
    if (!dataSource.subscribers.includes(this)) dataSource.subscribers.push(this);
  }

  async add(manager: EntityManager, item: T): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive || insideSavepoint(runner)) {
      await this.write([item], manager);
      return;
    }
    const items = this.kept.get(runner);
    if (items) items.push(item);
    else this.kept.set(runner, [item]);
  }

  async beforeTransactionStart(event: TransactionStartEvent): Promise<void> {
    const items = this.kept.get(event.queryRunner);
    if (!items) return; // items are only kept inside a transaction: this is a savepoint starting
    this.kept.delete(event.queryRunner);
    // Not thrown from here: TypeORM would mark the outer transaction inactive. A failed write has
    // aborted the transaction in PostgreSQL, so the SAVEPOINT that follows fails and it rolls back.
    await this.write(items, event.queryRunner.manager).catch(() => this.kept.set(event.queryRunner, items));
  }

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const items = this.kept.get(event.queryRunner);
    if (!items || insideSavepoint(event.queryRunner)) return;
    this.kept.delete(event.queryRunner);
    await this.write(items, event.queryRunner.manager);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (transactionEnded(event.queryRunner)) this.kept.delete(event.queryRunner);
  }
}
