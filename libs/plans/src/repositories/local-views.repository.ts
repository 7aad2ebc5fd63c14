import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { KnownAgencyEntity, KnownFamilyEntity, SharingConsentEntity, SharingOverrideEntity } from '../entities';
import { overrideFromRecorded, recordFromGranted, SharingView } from '@tellonce/sharing-policy';
import type { ConsentGrantedData, SafeguardingOverrideRecordedData } from '@tellonce/contracts';
import { lookAgainUntil, viewWaitMs } from '@tellonce/platform';

/** The plans service's local copies of other services' facts, fed by their events. */
@Injectable()
export class LocalViewsRepository {
  async upsertAgency(manager: EntityManager, agency: KnownAgencyEntity): Promise<void> {
    await manager.upsert(KnownAgencyEntity, agency, ['agencyId']);
  }

  async recordFamily(manager: EntityManager, family: KnownFamilyEntity): Promise<void> {
    await manager.upsert(KnownFamilyEntity, family, ['familyId']);
  }

  async familyExists(manager: EntityManager, familyId: string): Promise<boolean> {
    return (await manager.count(KnownFamilyEntity, { where: { familyId } })) > 0;
  }

  /**
   * A family registered a moment ago may not have reached this view yet (its event is in flight):
   * wait briefly rather than answer 404 to a coordinator who just registered it.
   */
  async familyExistsWithin(manager: EntityManager, familyId: string, waitMs = viewWaitMs()): Promise<boolean> {
    return lookAgainUntil(() => this.familyExists(manager, familyId), Boolean, { waitMs });
  }

  /** The ids among `agencyIds` that are not active agencies in the directory. */
  async unknownAgencies(manager: EntityManager, agencyIds: string[]): Promise<string[]> {
    const unique = [...new Set(agencyIds)];
    if (unique.length === 0) return [];
    const known = await manager.find(KnownAgencyEntity, { where: { agencyId: In(unique), active: true }, select: { agencyId: true } });
    const knownIds = new Set(known.map((a) => a.agencyId));
    return unique.filter((id) => !knownIds.has(id));
  }

  async recordConsent(manager: EntityManager, data: ConsentGrantedData, recordedAt: Date): Promise<void> {
    const record = recordFromGranted(data, recordedAt);
    await manager
      .createQueryBuilder()
      .insert()
      .into(SharingConsentEntity)
      .values({
        consentId: record.id,
        familyId: record.familyId,
        decision: record.decision,
        subjectPersonIds: record.subjectPersonIds,
        agencyIds: record.agencyIds,
        purposes: record.purposes,
        dataCategories: record.dataCategories,
        status: 'active',
        expiresAt: record.expiresAt ?? null,
        recordedAt,
      })
      .orIgnore()
      .execute();
  }

  /** A withdrawal or expiry is final: only an active record changes (a late expiry never rewrites a withdrawal). */
  async endConsent(manager: EntityManager, consentId: string, status: 'withdrawn' | 'expired'): Promise<void> {
    await manager.update(SharingConsentEntity, { consentId, status: 'active' }, { status });
  }

  async recordOverride(manager: EntityManager, data: SafeguardingOverrideRecordedData, recordedAt: Date): Promise<void> {
    const override = overrideFromRecorded(data, recordedAt);
    await manager
      .createQueryBuilder()
      .insert()
      .into(SharingOverrideEntity)
      .values({ overrideId: override.id, familyId: override.familyId, agencyId: override.agencyId, recordedAt })
      .orIgnore()
      .execute();
  }

  async sharingViewOf(manager: EntityManager, familyId: string): Promise<SharingView> {
    const consents = await manager.find(SharingConsentEntity, { where: { familyId } });
    const overrides = await manager.find(SharingOverrideEntity, { where: { familyId } });
    return {
      records: consents.map((c) => ({
        id: c.consentId,
        familyId: c.familyId,
        decision: c.decision,
        subjectPersonIds: c.subjectPersonIds,
        agencyIds: c.agencyIds,
        purposes: c.purposes,
        dataCategories: c.dataCategories,
        status: c.status,
        ...(c.expiresAt ? { expiresAt: c.expiresAt } : {}),
        recordedAt: c.recordedAt,
      })),
      overrides: overrides.map((o) => ({ id: o.overrideId, familyId: o.familyId, agencyId: o.agencyId, recordedAt: o.recordedAt })),
    };
  }
}
