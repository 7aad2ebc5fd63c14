import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PractitionerNotification } from '../entities/practitioner-notification.entity';

@Injectable()
export class PractitionerNotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, notification: PractitionerNotification): Promise<boolean> {
    const result = await manager.createQueryBuilder().insert().into(PractitionerNotification).values(notification).orIgnore().returning('id').execute();
    return (result.raw as unknown[]).length > 0;
  }

  findById(id: string): Promise<PractitionerNotification | null> {
    return this.dataSource.getRepository(PractitionerNotification).findOne({ where: { id } });
  }

  /** Newest first for one agency or one hub, keyset pagination on (created_at, id). */
  page(scope: { agencyId?: string; hubId?: string }, limit: number, cursor: { at: Date; id: string } | null): Promise<PractitionerNotification[]> {
    const qb = this.dataSource.getRepository(PractitionerNotification).createQueryBuilder('n');
    if (scope.agencyId) qb.where('n.agency_id = :agencyId', { agencyId: scope.agencyId });
    else qb.where('n.hub_id = :hubId', { hubId: scope.hubId });
    if (cursor) qb.andWhere('(n.created_at, n.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    return qb.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').limit(limit).getMany();
  }

  /** Routine notices not yet emailed, oldest first (for the digest). */
  unsentRoutine(limit: number): Promise<PractitionerNotification[]> {
    return this.dataSource
      .getRepository(PractitionerNotification)
      .createQueryBuilder('n')
      .where('n.emailed_at IS NULL AND n.urgency = :urgency', { urgency: 'routine' })
      .orderBy('n.created_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  async markEmailed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(`UPDATE practitioner_notifications SET emailed_at = now() WHERE id = ANY($1::uuid[]) AND emailed_at IS NULL`, [ids]);
  }
}
