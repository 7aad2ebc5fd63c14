import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { ConsentRecordRow, OverrideRow } from '../entities';

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

  async ofFamilies(familyIds: string[], manager: EntityManager): Promise<{ records: ConsentRecordRow[]; overrides: OverrideRow[] }> {
    if (familyIds.length === 0) return { records: [], overrides: [] };
    const [records, overrides] = await Promise.all([manager.find(ConsentRecordRow, { where: { familyId: In(familyIds) } }), manager.find(OverrideRow, { where: { familyId: In(familyIds) } })]);
    return { records, overrides };
  }
}
