import { Injectable } from '@nestjs/common';
import type { DataCategory } from '@tellonce/contracts';
import type { ConsentRecordView, OverrideView, SharingView } from '@tellonce/sharing-policy';
import type { EntityManager } from 'typeorm';

interface RecordRow {
  id: string;
  family_id: string;
  decision: 'permit' | 'deny';
  subject_person_ids: string[];
  agency_ids: string[];
  purposes: string[];
  data_categories: DataCategory[];
  status: 'active' | 'withdrawn' | 'expired';
  expires_at: Date | null;
  recorded_at: Date;
}

interface OverrideRow {
  id: string;
  family_id: string;
  agency_id: string;
  recorded_at: Date;
}

/** This service's copy of consent records and overrides, in the shape @tellonce/sharing-policy decides on. */
@Injectable()
export class SharingViewRepository {
  async addRecord(manager: EntityManager, record: ConsentRecordView): Promise<void> {
    await manager.query(
      `INSERT INTO timeline_consent_record (id, family_id, decision, subject_person_ids, agency_ids, purposes, data_categories, status, expires_at, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      [record.id, record.familyId, record.decision, record.subjectPersonIds, record.agencyIds, record.purposes, record.dataCategories, record.status, record.expiresAt ?? null, record.recordedAt],
    );
  }

  /** Withdrawal and expiry are final: only an active record changes. */
  async endRecord(manager: EntityManager, consentId: string, status: 'withdrawn' | 'expired'): Promise<void> {
    await manager.query(`UPDATE timeline_consent_record SET status = $2 WHERE id = $1 AND status = 'active'`, [consentId, status]);
  }

  async addOverride(manager: EntityManager, override: OverrideView): Promise<void> {
    await manager.query(
      `INSERT INTO timeline_safeguarding_override (id, family_id, agency_id, recorded_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [override.id, override.familyId, override.agencyId, override.recordedAt],
    );
  }

  async load(manager: EntityManager, familyId: string): Promise<SharingView> {
    const records: RecordRow[] = await manager.query('SELECT * FROM timeline_consent_record WHERE family_id = $1', [familyId]);
    const overrides: OverrideRow[] = await manager.query('SELECT * FROM timeline_safeguarding_override WHERE family_id = $1', [familyId]);
    return {
      records: records.map((r) => {
        const record: ConsentRecordView = {
          id: r.id,
          familyId: r.family_id,
          decision: r.decision,
          subjectPersonIds: r.subject_person_ids,
          agencyIds: r.agency_ids,
          purposes: r.purposes,
          dataCategories: r.data_categories,
          status: r.status,
          recordedAt: new Date(r.recorded_at),
        };
        if (r.expires_at) record.expiresAt = new Date(r.expires_at);
        return record;
      }),
      overrides: overrides.map((o) => ({ id: o.id, familyId: o.family_id, agencyId: o.agency_id, recordedAt: new Date(o.recorded_at) })),
    };
  }

  async truncate(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE timeline_consent_record, timeline_safeguarding_override');
  }
}
