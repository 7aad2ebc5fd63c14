import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PractitionerNotification } from '../entities/practitioner-notification.entity';

@Injectable()
export class PractitionerNotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** False when the notice was there already (its id is derived from the source event). Plain SQL: this runs for every route sent. */
  async insert(manager: EntityManager, n: PractitionerNotification): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO practitioner_notifications (id, kind, agency_id, hub_id, family_id, urgency, reference, subject_kind, subject_id, need_codes, due_date, link, source_event_id, created_at, emailed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING RETURNING id`,
      [n.id, n.kind, n.agencyId, n.hubId, n.familyId, n.urgency, n.reference, n.subjectKind, n.subjectId, n.needCodes, n.dueDate, n.link, n.sourceEventId, n.createdAt, n.emailedAt],
    );
    return rows.length > 0;
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
