import { Injectable } from '@nestjs/common';
import { agenciesWithoutBasis } from '@tellonce/sharing-policy';
import type { EntityManager } from 'typeorm';
import type { ConsentRecord } from '../entities/consent-record.entity';
import { ConsentRecordsRepository, toOverrideView, toRecordView } from '../repositories/consent-records.repository';
import { SafeguardingOverridesRepository } from '../repositories/safeguarding-overrides.repository';

/** Works out, inside the transaction that ended a record, which of its agencies lost all basis. */
@Injectable()
export class SharingBasisCalculator {
  constructor(
    private readonly records: ConsentRecordsRepository,
    private readonly overrides: SafeguardingOverridesRepository,
  ) {}

  /**
   * Ending a deny record takes no permission away, so it leaves nobody "no longer permitted".
   * Ending a permit record: its agencies that, after the change, have neither another permit nor an
   * override (decided by the same decideSharing every service uses).
   */
  async agenciesLeftWithoutBasis(manager: EntityManager, ended: ConsentRecord, at: Date): Promise<string[]> {
    if (ended.decision === 'deny') return [];
    const records = await this.records.findActiveByFamily(manager, ended.familyId);
    const overrides = await this.overrides.findUnrevoked(manager, ended.familyId);
    return agenciesWithoutBasis(ended.agencyIds, { records: records.map(toRecordView), overrides: overrides.map(toOverrideView), familyId: ended.familyId, at });
  }
}
