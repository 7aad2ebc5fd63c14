import { Injectable } from '@nestjs/common';
import type { ConsentGrantedData, DataCategory, SafeguardingOverrideRecordedData } from '@tellonce/contracts';
import { ConsentRecordView, OverrideView, recordFromGranted } from '@tellonce/sharing-policy';
import type { EntityManager } from 'typeorm';
import { HeldPartnerEvent } from '../entities/held-partner-event.entity';
import { SharingConsentRecord, SharingOverride } from '../entities/sharing-view.entities';

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

  async viewOf(manager: EntityManager, familyId: string): Promise<{ records: ConsentRecordView[]; overrides: OverrideView[] }> {
    const records = await manager.getRepository(SharingConsentRecord).find({ where: { familyId } });
    const overrides = await manager.getRepository(SharingOverride).find({ where: { familyId } });
    return {
      records: records.map((r) => ({
        id: r.id,
        familyId: r.familyId,
        decision: r.decision,
        subjectPersonIds: r.subjectPersonIds,
        agencyIds: r.agencyIds,
        purposes: r.purposes,
        dataCategories: r.dataCategories as DataCategory[],
        status: r.status,
        ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
        recordedAt: r.recordedAt,
      })),
      overrides: overrides.map((o) => ({ id: o.id, familyId: o.familyId, agencyId: o.agencyId, recordedAt: o.recordedAt })),
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
