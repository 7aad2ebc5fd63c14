import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { WebhookSubscription } from '../entities/webhook-subscription.entity';

@Injectable()
export class SubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager: EntityManager) {
    return manager.getRepository(WebhookSubscription);
  }

  async insert(subscription: WebhookSubscription): Promise<void> {
    await this.repo(this.dataSource.manager).insert(subscription);
  }

  findByIdempotencyKey(agencyId: string, key: string): Promise<WebhookSubscription | null> {
    return this.repo(this.dataSource.manager).findOne({ where: { agencyId, idempotencyKey: key } });
  }

  /** A subscription of this agency that is not deleted; null for unknown or another agency's. */
  findOwned(agencyId: string, id: string): Promise<WebhookSubscription | null> {
    return this.repo(this.dataSource.manager).findOne({ where: { id, agencyId, status: Not('deleted') } });
  }

  /** The agency's subscriptions that are not deleted, oldest first; keyset pagination on (created_at, id). */
  pageForAgency(agencyId: string, limit: number, cursor: { at: Date; id: string } | null): Promise<WebhookSubscription[]> {
    const qb = this.repo(this.dataSource.manager)
      .createQueryBuilder('s')
      .where('s.agency_id = :agencyId AND s.status IN (:...statuses)', { agencyId, statuses: ['active', 'disabled'] });
    if (cursor) qb.andWhere('(s.created_at, s.id) > (:at, :id)', { at: cursor.at, id: cursor.id });
    return qb.orderBy('s.created_at', 'ASC').addOrderBy('s.id', 'ASC').limit(limit).getMany();
  }

  async update(manager: EntityManager, id: string, changes: Partial<WebhookSubscription>): Promise<void> {
    await this.repo(manager).update({ id }, { ...changes, updatedAt: new Date() });
  }

  /** Marks the start of a failure run if none is open; returns when the run started. */
  async markFailing(manager: EntityManager, id: string, at: Date): Promise<Date> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [rows] = (await manager.query(
      `UPDATE webhook_subscriptions SET failing_since = COALESCE(failing_since, $2) WHERE id = $1 RETURNING failing_since`,
      [id, at],
    )) as [{ failing_since: Date }[], number];
    return rows[0]?.failing_since ?? at;
  }

  /** Disabled endpoints by reason (`endpoint-gone`, `failing-continuously`), for ops. */
  disabledByReason(): Promise<{ reason: string; count: number }[]> {
    return this.dataSource.query(`SELECT COALESCE(disabled_reason, 'unknown') AS reason, count(*)::int AS count FROM webhook_subscriptions WHERE status = 'disabled' GROUP BY 1`);
  }

  async clearFailing(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [id]);
  }
}
