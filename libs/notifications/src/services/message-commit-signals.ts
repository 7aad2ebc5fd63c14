import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { transactionEnded } from '@tellonce/messaging';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

interface Waiter {
  promise: Promise<boolean>;
  resolve: (committed: boolean) => void;
}

/**
 * Tells the webhook worker of THIS process the moment the transaction that staged a webhook
 * message ends, instead of it polling the database until the row is visible. The job is still
 * enqueued inside the staging transaction (if Redis is down the handler fails and Kafka
 * redelivers); only the wait changes. A job this process did not stage (another replica, a
 * replay, a restart) finds no signal and falls back to polling.
 */
@Injectable()
export class MessageCommitSignals implements OnModuleInit, EntitySubscriberInterface {
  private readonly staged = new WeakMap<QueryRunner, string[]>();
  private readonly waiters = new Map<string, Waiter>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  /** Call in the staging transaction, before the job is enqueued. */
  stage(manager: EntityManager, messageId: string): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive || this.waiters.has(messageId)) return;
    let resolve: (committed: boolean) => void = () => undefined;
    const promise = new Promise<boolean>((r) => (resolve = r));
    this.waiters.set(messageId, { promise, resolve });
    this.staged.set(runner, [...(this.staged.get(runner) ?? []), messageId]);
  }

  /** Resolves when the staging transaction ended (true: committed); undefined if this process is not staging it. */
  ended(messageId: string): Promise<boolean> | undefined {
    return this.waiters.get(messageId)?.promise;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    this.settle(event.queryRunner, true);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.settle(event.queryRunner, false);
  }

  private settle(runner: QueryRunner, committed: boolean): void {
    if (!transactionEnded(runner)) return; // a savepoint, not the transaction
    const ids = this.staged.get(runner);
    if (!ids) return;
    this.staged.delete(runner);
    for (const id of ids) {
      this.waiters.get(id)?.resolve(committed);
      this.waiters.delete(id);
    }
  }
}
