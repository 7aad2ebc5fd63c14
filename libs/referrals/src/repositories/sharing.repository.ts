import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConsentRecordRow, OverrideRow } from '../entities';

type RecordJson = Omit<ConsentRecordRow, 'expiresAt' | 'recordedAt'> & { expiresAt: string | null; recordedAt: string };
type OverrideJson = Omit<OverrideRow, 'recordedAt'> & { recordedAt: string };

@Injectable()
export class SharingRepository {
  /** A redelivered event leaves the first row as it was. */
  async recordConsent(row: ConsentRecordRow, manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().insert().into(ConsentRecordRow).values(row).orIgnore().execute();
  }

  async recordOverride(row: OverrideRow, manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().insert().into(OverrideRow).values(row).orIgnore().execute();
  }

  /** Withdrawal is final: a late expiry never turns it into 'expired', nor the reverse. */
  async endConsent(consentId: string, status: 'withdrawn' | 'expired', manager: EntityManager): Promise<void> {
    await manager.update(ConsentRecordRow, { id: consentId, status: 'active' }, { status });
  }

  /** Both halves of the families' views in one round trip: this runs for every referral raised and every agency read. */
  async ofFamilies(familyIds: string[], manager: EntityManager): Promise<{ records: ConsentRecordRow[]; overrides: OverrideRow[] }> {
    if (familyIds.length === 0) return { records: [], overrides: [] };
    const [row]: { records: RecordJson[]; overrides: OverrideJson[] }[] = await manager.query(
      `SELECT
         (SELECT coalesce(json_agg(json_build_object('id', id, 'familyId', family_id, 'decision', decision, 'subjectPersonIds', subject_person_ids,
                   'agencyIds', agency_ids, 'purposes', purposes, 'dataCategories', data_categories, 'status', status, 'expiresAt', expires_at,
                   'recordedAt', recorded_at)), '[]'::json)
            FROM consent_record_view WHERE family_id = ANY($1::uuid[])) AS records,
         (SELECT coalesce(json_agg(json_build_object('id', id, 'familyId', family_id, 'agencyId', agency_id, 'recordedAt', recorded_at)), '[]'::json)
            FROM override_view WHERE family_id = ANY($1::uuid[])) AS overrides`,
      [familyIds],
    );
    return {
      records: row.records.map((r) => Object.assign(new ConsentRecordRow(), r, { expiresAt: r.expiresAt ? new Date(r.expiresAt) : null, recordedAt: new Date(r.recordedAt) })),
      overrides: row.overrides.map((o) => Object.assign(new OverrideRow(), o, { recordedAt: new Date(o.recordedAt) })),
    };
  }
}
