import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PractitionerNotification } from '../entities/practitioner-notification.entity';

@Injectable()
export class PractitionerNotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the notices that are not there yet (their ids derive from the source event), in one statement; answers the new ids. */
  async insertNew(manager: EntityManager, notices: PractitionerNotification[]): Promise<string[]> {
    if (notices.length === 0) return [];
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO practitioner_notifications (id, kind, agency_id, hub_id, family_id, urgency, reference, subject_kind, subject_id, need_codes, due_date, link, source_event_id, created_at, emailed_at)
       SELECT id, kind, agency_id, hub_id, family_id, urgency, reference, subject_kind, subject_id, need_codes, due_date, link, source_event_id, created_at, emailed_at
         FROM jsonb_to_recordset($1::jsonb) AS n(id uuid, kind text, agency_id text, hub_id text, family_id text, urgency text, reference text, subject_kind text,
              subject_id text, need_codes text[], due_date text, link text, source_event_id text, created_at timestamptz, emailed_at timestamptz)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        JSON.stringify(
          notices.map((n) => ({
            id: n.id,
            kind: n.kind,
            agency_id: n.agencyId,
            hub_id: n.hubId,
            family_id: n.familyId,
            urgency: n.urgency,
            reference: n.reference,
            subject_kind: n.subjectKind,
            subject_id: n.subjectId,
            need_codes: n.needCodes,
            due_date: n.dueDate,
            link: n.link,
            source_event_id: n.sourceEventId,
            created_at: n.createdAt,
            emailed_at: n.emailedAt,
          })),
        ),
      ],
    );
    return rows.map((r) => r.id);
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
