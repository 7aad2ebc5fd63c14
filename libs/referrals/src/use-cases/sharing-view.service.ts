import { Injectable } from '@nestjs/common';
import { ConsentRecordView, decideSharing, OverrideView, SHARING_LENSES, SharingDecision } from '@tellonce/sharing-policy';
import type { EntityManager } from 'typeorm';
import { ConsentRecordRow, OverrideRow } from '../entities';
import { SharingRepository } from '../repositories';

/** Routes exist to refer: a route is released or shown only when sharing for this purpose is permitted. */
export const ROUTE_PURPOSE = SHARING_LENSES.referral.purpose;

const recordView = (r: ConsentRecordRow): ConsentRecordView => ({
  id: r.id,
  familyId: r.familyId,
  decision: r.decision,
  subjectPersonIds: r.subjectPersonIds,
  agencyIds: r.agencyIds,
  purposes: r.purposes,
  dataCategories: r.dataCategories,
  status: r.status,
  ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
  recordedAt: r.recordedAt,
});
const overrideView = (o: OverrideRow): OverrideView => ({ id: o.id, familyId: o.familyId, agencyId: o.agencyId, recordedAt: o.recordedAt });

/**
 * "May this agency see this family's referral data, and which categories?" answered from the local
 * view (fed by consent events) with the shared sharing policy: no synchronous call to the consent
 * service on every read, and the same answer the consent service would give.
 */
@Injectable()
export class SharingViewService {
  constructor(private readonly sharing: SharingRepository) {}

  async decision(familyId: string, agencyId: string, manager: EntityManager): Promise<SharingDecision> {
    return (await this.decisions(agencyId, [familyId], manager)).get(familyId) ?? { permitted: false, basis: 'none', permittedCategories: [] };
  }

  /** Decisions for one family towards several agencies, in one read (raising a referral with several routes). */
  async decisionsForAgencies(familyId: string, agencyIds: string[], manager: EntityManager): Promise<Map<string, SharingDecision>> {
    const { records, overrides } = await this.sharing.ofFamilies([familyId], manager);
    const at = new Date();
    const view = { records: records.map(recordView), overrides: overrides.map(overrideView) };
    return new Map(agencyIds.map((agencyId) => [agencyId, decideSharing({ ...view, familyId, agencyId, purpose: ROUTE_PURPOSE, at })]));
  }

  /** Decisions for one agency over many families, in one read. */
  async decisions(agencyId: string, familyIds: string[], manager: EntityManager): Promise<Map<string, SharingDecision>> {
    const { records, overrides } = await this.sharing.ofFamilies(familyIds, manager);
    const at = new Date();
    const view = { records: records.map(recordView), overrides: overrides.map(overrideView) };
    return new Map(familyIds.map((familyId) => [familyId, decideSharing({ ...view, familyId, agencyId, purpose: ROUTE_PURPOSE, at })]));
  }
}
