import { DATA_CATEGORIES, DataCategory } from '@tellonce/contracts';

export type ConsentDecision = 'permit' | 'deny';
export type ConsentStatus = 'active' | 'withdrawn' | 'expired';
export type SharingBasis = 'consent' | 'safeguarding-override' | 'none';

/** What a service needs to know about one consent record to decide sharing. Ids and codes only. */
export interface ConsentRecordView {
  id: string;
  familyId: string;
  decision: ConsentDecision;
  subjectPersonIds: string[];
  agencyIds: string[];
  purposes: string[];
  /** Empty means every category (`contact, story, needs, plan`). */
  dataCategories: DataCategory[];
  status: ConsentStatus;
  expiresAt?: Date;
  recordedAt: Date;
}

/** A safeguarding lead's decision to share with one agency without consent. */
export interface OverrideView {
  id: string;
  familyId: string;
  agencyId: string;
  recordedAt: Date;
  revokedAt?: Date;
}

export interface SharingQuery {
  records: readonly ConsentRecordView[];
  overrides: readonly OverrideView[];
  familyId: string;
  agencyId: string;
  purpose?: string;
  dataCategory?: DataCategory;
  personId?: string;
  at: Date;
}

export interface SharingDecision {
  permitted: boolean;
  basis: SharingBasis;
  /** The permit record relied on (the most recently recorded one that applies). */
  consentId?: string;
  /** The safeguarding override relied on. */
  overrideId?: string;
  /** A deny record that took away the asked-for scope, when there is one. */
  deniedByConsentId?: string;
  /** Categories this agency may receive for the asked scope, in DATA_CATEGORIES order. */
  permittedCategories: DataCategory[];
}

const ALL_CATEGORIES: readonly DataCategory[] = DATA_CATEGORIES;

/** A record counts only while active and not past its expiry, whatever its stored status says. */
export function isRecordInForce(record: ConsentRecordView, at: Date): boolean {
  if (record.status !== 'active') return false;
  return record.expiresAt === undefined || record.expiresAt.getTime() > at.getTime();
}

export function isOverrideInForce(override: OverrideView, at: Date): boolean {
  return override.revokedAt === undefined || override.revokedAt.getTime() > at.getTime();
}

function categoriesOf(record: ConsentRecordView): readonly DataCategory[] {
  return record.dataCategories.length === 0 ? ALL_CATEGORIES : record.dataCategories;
}

/**
 * Does a record speak about this agency, purpose and person? A question that leaves the purpose
 * or person open is answered for all of them, so a deny for any purpose or person applies: when in
 * doubt, do not share.
 */
function inScope(record: ConsentRecordView, query: SharingQuery): boolean {
  if (!record.agencyIds.includes(query.agencyId)) return false;
  if (query.purpose !== undefined && !record.purposes.includes(query.purpose)) return false;
  if (query.personId !== undefined && !record.subjectPersonIds.includes(query.personId)) return false;
  return true;
}

function latest<T extends { recordedAt: Date }>(items: readonly T[]): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || item.recordedAt.getTime() > best.recordedAt.getTime() ? item : best), undefined);
}

/**
 * May this agency receive this family's data, and on what basis?
 *
 * 1. Only the family's records in force at `at` count (withdrawn or expired ones count for nothing).
 * 2. An active safeguarding override permits its own agency, all categories, basis
 *    `safeguarding-override`. It is a lawful basis that does not rest on consent, so it permits
 *    even where the family refused consent (a deny record): that is the point of an override.
 * 3. Otherwise consent: a permit record in scope grants its categories (none listed = all); a deny
 *    record in scope takes its categories away (none listed = all). Deny wins over permit for the
 *    same scope, whatever order they were recorded in.
 */
export function decideSharing(query: SharingQuery): SharingDecision {
  const { at } = query;
  const override = latest(query.overrides.filter((o) => o.familyId === query.familyId && o.agencyId === query.agencyId && isOverrideInForce(o, at)));
  if (override) {
    return { permitted: true, basis: 'safeguarding-override', overrideId: override.id, permittedCategories: [...ALL_CATEGORIES] };
  }

  const applicable = query.records.filter((r) => r.familyId === query.familyId && isRecordInForce(r, at) && inScope(r, query));
  const denies = applicable.filter((r) => r.decision === 'deny');
  const permits = applicable.filter((r) => r.decision === 'permit');
  const denied = new Set<DataCategory>(denies.flatMap((r) => [...categoriesOf(r)]));
  const granted = new Set<DataCategory>(permits.flatMap((r) => [...categoriesOf(r)]));
  const permittedCategories = ALL_CATEGORIES.filter((c) => granted.has(c) && !denied.has(c));

  const asked = query.dataCategory;
  const permitted = asked === undefined ? permittedCategories.length > 0 : permittedCategories.includes(asked);
  if (!permitted) {
    const denyingRecord = latest(denies.filter((r) => asked === undefined || categoriesOf(r).includes(asked)));
    const decision: SharingDecision = { permitted: false, basis: 'none', permittedCategories };
    if (denyingRecord) decision.deniedByConsentId = denyingRecord.id;
    return decision;
  }
  const relied = latest(permits.filter((r) => categoriesOf(r).some((c) => (asked === undefined ? permittedCategories.includes(c) : c === asked))));
  return { permitted: true, basis: 'consent', consentId: relied?.id, permittedCategories };
}

/** Agencies among `agencyIds` that have no basis at all left for sharing this family's data. */
export function agenciesWithoutBasis(agencyIds: readonly string[], view: Omit<SharingQuery, 'agencyId' | 'purpose' | 'dataCategory' | 'personId'>): string[] {
  return [...new Set(agencyIds)].filter((agencyId) => !decideSharing({ ...view, agencyId }).permitted);
}
