import { Injectable } from '@nestjs/common';
import type { ConsentGrantedData, DataCategory, SafeguardingOverrideRecordedData } from '@tellonce/contracts';
import { ConsentRecordView, OverrideView, recordFromGranted } from '@tellonce/sharing-policy';
import type { EntityManager } from 'typeorm';
import { HeldPartnerEvent } from '../entities/held-partner-event.entity';
import { SharingConsentRecord, SharingOverride } from '../entities/sharing-view.entities';

interface RecordJson {
  id: string;
  decision: 'permit' | 'deny';
  subjectPersonIds: string[];
  agencyIds: string[];
  purposes: string[];
  dataCategories: DataCategory[];
  status: 'active' | 'withdrawn' | 'expired';
  expiresAt: string | null;
  recordedAt: string;
}

interface OverrideJson {
  id: string;
  agencyId: string;
  recordedAt: string;
}

/** This service's own copy of consent decisions (fed by consent events) and events held for them. */
@Injectable()
export class SharingViewRepository {
  async saveGranted(manager: EntityManager, data: ConsentGrantedData, at: Date): Promise<void> {
    const view = recordFromGranted(data, at);
    await manager
      .createQueryBuilder()
      .insert()
      .into(SharingConsentRecord)
      .values({
        id: view.id,
        familyId: view.familyId,
        decision: view.decision,
        subjectPersonIds: view.subjectPersonIds,
        agencyIds: view.agencyIds,
        purposes: view.purposes,
        dataCategories: view.dataCategories,
        status: 'active',
        expiresAt: view.expiresAt ?? null,
        recordedAt: view.recordedAt,
      })
      .orIgnore()
      .execute();
  }

  /** Withdrawal and expiry are final; only an active record changes. */
  async endConsent(manager: EntityManager, consentId: string, status: 'withdrawn' | 'expired'): Promise<void> {
    await manager.getRepository(SharingConsentRecord).update({ id: consentId, status: 'active' }, { status });
  }

  async saveOverride(manager: EntityManager, data: SafeguardingOverrideRecordedData, at: Date): Promise<void> {
    await manager.createQueryBuilder().insert().into(SharingOverride).values({ id: data.overrideId, familyId: data.familyId, agencyId: data.agencyId, recordedAt: at }).orIgnore().execute();
  }

  /** Both halves of the family's view in one round trip: this runs for every partner event. */
  async viewOf(manager: EntityManager, familyId: string): Promise<{ records: ConsentRecordView[]; overrides: OverrideView[] }> {
    const [row]: { records: RecordJson[]; overrides: OverrideJson[] }[] = await manager.query(
      `SELECT
         (SELECT coalesce(json_agg(json_build_object('id', id, 'decision', decision, 'subjectPersonIds', subject_person_ids, 'agencyIds', agency_ids,
                   'purposes', purposes, 'dataCategories', data_categories, 'status', status, 'expiresAt', expires_at, 'recordedAt', recorded_at)), '[]'::json)
            FROM sharing_consent_records WHERE family_id = $1) AS records,
         (SELECT coalesce(json_agg(json_build_object('id', id, 'agencyId', agency_id, 'recordedAt', recorded_at)), '[]'::json)
            FROM sharing_overrides WHERE family_id = $1) AS overrides`,
      [familyId],
    );
    return {
      records: row.records.map((r) => ({
        id: r.id,
        familyId,
        decision: r.decision,
        subjectPersonIds: r.subjectPersonIds,
        agencyIds: r.agencyIds,
        purposes: r.purposes,
        dataCategories: r.dataCategories,
        status: r.status,
        ...(r.expiresAt ? { expiresAt: new Date(r.expiresAt) } : {}),
        recordedAt: new Date(r.recordedAt),
      })),
      overrides: row.overrides.map((o) => ({ id: o.id, familyId, agencyId: o.agencyId, recordedAt: new Date(o.recordedAt) })),
    };
  }

  async hold(manager: EntityManager, held: HeldPartnerEvent): Promise<void> {
    await manager.createQueryBuilder().insert().into(HeldPartnerEvent).values(held).orIgnore().execute();
  }

  heldFor(manager: EntityManager, familyId: string): Promise<HeldPartnerEvent[]> {
    return manager.getRepository(HeldPartnerEvent).find({ where: { familyId }, order: { createdAt: 'ASC' } });
  }

  async release(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(HeldPartnerEvent).delete({ id });
  }
}
