import type { DataCategory } from '@tellonce/contracts';
import { agenciesWithoutBasis, ConsentRecordView, decideSharing, OverrideView, SharingDecision } from './decide-sharing';

const FAMILY = 'fam-1';
const OTHER_FAMILY = 'fam-2';
const A = 'agency-a';
const B = 'agency-b';
const MUM = 'person-mum';
const CHILD = 'person-child';
const NOW = new Date('2025-06-01T12:00:00Z');
const ALL: DataCategory[] = ['contact', 'story', 'needs', 'plan'];

let counter = 0;
function rec(overrides: Partial<ConsentRecordView> = {}): ConsentRecordView {
  counter++;
  return {
    id: `c${counter}`,
    familyId: FAMILY,
    decision: 'permit',
    subjectPersonIds: [MUM, CHILD],
    agencyIds: [A],
    purposes: ['referral'],
    dataCategories: [],
    status: 'active',
    recordedAt: new Date(NOW.getTime() - 60_000 + counter),
    ...overrides,
  };
}
function ovr(overrides: Partial<OverrideView> = {}): OverrideView {
  return { id: 'o1', familyId: FAMILY, agencyId: A, recordedAt: new Date(NOW.getTime() - 1000), ...overrides };
}

interface Case {
  name: string;
  records?: ConsentRecordView[];
  overrides?: OverrideView[];
  agencyId?: string;
  purpose?: string;
  dataCategory?: DataCategory;
  personId?: string;
  expected: Partial<SharingDecision>;
}

const permitAll = rec({ id: 'permit-all' });
const denyAll = rec({ id: 'deny-all', decision: 'deny' });
const denyStory = rec({ id: 'deny-story', decision: 'deny', dataCategories: ['story'] });
const permitContact = rec({ id: 'permit-contact', dataCategories: ['contact'] });
const permitNeedsPlan = rec({ id: 'permit-needs-plan', dataCategories: ['needs', 'plan'] });
const permitChildOnly = rec({ id: 'permit-child', subjectPersonIds: [CHILD] });
const denyMum = rec({ id: 'deny-mum', decision: 'deny', subjectPersonIds: [MUM] });
const permitPlanPurpose = rec({ id: 'permit-plan-purpose', purposes: ['plan'] });
const denyPlanPurpose = rec({ id: 'deny-plan-purpose', decision: 'deny', purposes: ['plan'] });
const permitBoth = rec({ id: 'permit-both', agencyIds: [A, B] });

const cases: Case[] = [
  // nothing recorded
  { name: 'no records, no overrides -> none', expected: { permitted: false, basis: 'none', permittedCategories: [] } },
  // plain permit
  { name: 'permit for the agency -> consent, all categories', records: [permitAll], expected: { permitted: true, basis: 'consent', consentId: 'permit-all', permittedCategories: ALL } },
  { name: 'permit for another agency -> none', records: [permitAll], agencyId: B, expected: { permitted: false, basis: 'none' } },
  { name: 'permit listing both agencies applies to B', records: [permitBoth], agencyId: B, expected: { permitted: true, consentId: 'permit-both' } },
  { name: 'record of another family counts for nothing', records: [rec({ id: 'other', familyId: OTHER_FAMILY })], expected: { permitted: false, basis: 'none' } },
  // status and expiry
  { name: 'withdrawn permit counts for nothing', records: [rec({ status: 'withdrawn' })], expected: { permitted: false, basis: 'none' } },
  { name: 'expired-status permit counts for nothing', records: [rec({ status: 'expired' })], expected: { permitted: false, basis: 'none' } },
  { name: 'active permit with expiresAt in the past counts for nothing', records: [rec({ expiresAt: new Date(NOW.getTime() - 1) })], expected: { permitted: false } },
  { name: 'active permit with expiresAt exactly now counts for nothing', records: [rec({ expiresAt: NOW })], expected: { permitted: false } },
  { name: 'active permit with expiresAt in the future applies', records: [rec({ id: 'future', expiresAt: new Date(NOW.getTime() + 1) })], expected: { permitted: true, consentId: 'future' } },
  { name: 'withdrawn deny no longer blocks a permit', records: [permitAll, rec({ decision: 'deny', status: 'withdrawn' })], expected: { permitted: true, consentId: 'permit-all' } },
  { name: 'expired deny no longer blocks a permit', records: [permitAll, rec({ decision: 'deny', expiresAt: new Date(NOW.getTime() - 1) })], expected: { permitted: true } },
  // precedence
  { name: 'deny alone -> not permitted, names the deny', records: [denyAll], expected: { permitted: false, basis: 'none', deniedByConsentId: 'deny-all', permittedCategories: [] } },
  { name: 'deny wins over an earlier permit', records: [permitAll, denyAll], expected: { permitted: false, deniedByConsentId: 'deny-all' } },
  { name: 'deny wins over a later permit', records: [denyAll, rec({ id: 'later-permit', recordedAt: new Date(NOW.getTime() - 1) })], expected: { permitted: false, deniedByConsentId: 'deny-all' } },
  { name: 'deny for another agency does not block', records: [permitBoth, rec({ decision: 'deny', agencyIds: [B] })], expected: { permitted: true, consentId: 'permit-both' } },
  { name: 'latest applicable permit is the one relied on', records: [permitAll, rec({ id: 'newest', recordedAt: new Date(NOW.getTime() - 5) })], expected: { consentId: 'newest' } },
  // categories
  { name: 'empty categories on permit means all four', records: [permitAll], dataCategory: 'plan', expected: { permitted: true, permittedCategories: ALL } },
  { name: 'category listed -> permitted', records: [permitContact], dataCategory: 'contact', expected: { permitted: true, consentId: 'permit-contact', permittedCategories: ['contact'] } },
  { name: 'category not listed -> not permitted', records: [permitContact], dataCategory: 'story', expected: { permitted: false, basis: 'none', permittedCategories: ['contact'] } },
  { name: 'categories union over permits', records: [permitContact, permitNeedsPlan], expected: { permitted: true, permittedCategories: ['contact', 'needs', 'plan'] } },
  { name: 'consentId is the permit covering the asked category', records: [permitContact, permitNeedsPlan], dataCategory: 'contact', expected: { consentId: 'permit-contact' } },
  { name: 'deny of one category removes only it', records: [permitAll, denyStory], expected: { permitted: true, permittedCategories: ['contact', 'needs', 'plan'] } },
  { name: 'deny of one category blocks asking for it', records: [permitAll, denyStory], dataCategory: 'story', expected: { permitted: false, deniedByConsentId: 'deny-story' } },
  { name: 'deny of one category leaves another asked category', records: [permitAll, denyStory], dataCategory: 'needs', expected: { permitted: true, consentId: 'permit-all' } },
  { name: 'deny of the only permitted category -> nothing left', records: [permitContact, rec({ decision: 'deny', dataCategories: ['contact'] })], expected: { permitted: false, permittedCategories: [] } },
  // purposes
  { name: 'purpose listed -> permitted', records: [permitAll], purpose: 'referral', expected: { permitted: true } },
  { name: 'purpose not listed -> not permitted', records: [permitAll], purpose: 'plan', expected: { permitted: false } },
  { name: 'no purpose asked -> any purpose applies', records: [permitPlanPurpose], expected: { permitted: true, consentId: 'permit-plan-purpose' } },
  { name: 'deny for another purpose does not block the asked purpose', records: [permitAll, denyPlanPurpose], purpose: 'referral', expected: { permitted: true } },
  { name: 'deny for the asked purpose blocks', records: [permitAll, denyPlanPurpose], purpose: 'plan', expected: { permitted: false, deniedByConsentId: 'deny-plan-purpose' } },
  { name: 'no purpose asked -> a deny for any purpose blocks (when in doubt, do not share)', records: [permitAll, denyPlanPurpose], expected: { permitted: false } },
  // per-person subjects
  { name: 'person among subjects -> permitted', records: [permitAll], personId: MUM, expected: { permitted: true } },
  { name: 'person not among subjects -> not permitted', records: [permitChildOnly], personId: MUM, expected: { permitted: false } },
  { name: 'person among subjects of a narrower record', records: [permitChildOnly], personId: CHILD, expected: { permitted: true, consentId: 'permit-child' } },
  { name: 'deny for mum does not block asking about the child', records: [permitAll, denyMum], personId: CHILD, expected: { permitted: true } },
  { name: 'deny for mum blocks asking about mum', records: [permitAll, denyMum], personId: MUM, expected: { permitted: false, deniedByConsentId: 'deny-mum' } },
  { name: 'no person asked -> a deny for any subject blocks', records: [permitAll, denyMum], expected: { permitted: false } },
  // safeguarding overrides
  { name: 'override alone -> permitted, all categories', overrides: [ovr()], expected: { permitted: true, basis: 'safeguarding-override', overrideId: 'o1', permittedCategories: ALL } },
  { name: 'override beats a deny (lawful basis without consent)', records: [denyAll], overrides: [ovr()], expected: { permitted: true, basis: 'safeguarding-override', overrideId: 'o1' } },
  { name: 'override is preferred over a permit as the basis', records: [permitAll], overrides: [ovr()], expected: { basis: 'safeguarding-override' } },
  { name: 'override permits any asked category, purpose and person', overrides: [ovr()], dataCategory: 'story', purpose: 'plan', personId: 'someone', expected: { permitted: true, basis: 'safeguarding-override' } },
  { name: 'override permits its own agency only', overrides: [ovr()], agencyId: B, expected: { permitted: false, basis: 'none' } },
  { name: 'override of another family counts for nothing', overrides: [ovr({ familyId: OTHER_FAMILY })], expected: { permitted: false } },
  { name: 'revoked override counts for nothing', overrides: [ovr({ revokedAt: new Date(NOW.getTime() - 1) })], expected: { permitted: false } },
  { name: 'override revoked in the future still applies', overrides: [ovr({ revokedAt: new Date(NOW.getTime() + 1000) })], expected: { permitted: true, basis: 'safeguarding-override' } },
  { name: 'revoked override falls back to consent', records: [permitAll], overrides: [ovr({ revokedAt: NOW })], expected: { permitted: true, basis: 'consent', consentId: 'permit-all' } },
];

describe('decideSharing', () => {
  it.each(cases)('$name', ({ records = [], overrides = [], agencyId = A, purpose, dataCategory, personId, expected }) => {
    const decision = decideSharing({ records, overrides, familyId: FAMILY, agencyId, purpose, dataCategory, personId, at: NOW });
    expect(decision).toMatchObject(expected);
    if (!decision.permitted) {
      expect(decision.basis).toBe('none');
      expect(decision.consentId).toBeUndefined();
      expect(decision.overrideId).toBeUndefined();
    }
    if (decision.basis === 'consent') expect(decision.consentId).toBeDefined();
  });

  it('does not depend on the order of records', () => {
    const forward = decideSharing({ records: [permitAll, denyStory, permitContact], overrides: [], familyId: FAMILY, agencyId: A, at: NOW });
    const backward = decideSharing({ records: [permitContact, denyStory, permitAll], overrides: [], familyId: FAMILY, agencyId: A, at: NOW });
    expect(backward).toEqual(forward);
  });
});

describe('agenciesWithoutBasis', () => {
  it.each([
    { name: 'every agency left without basis', records: [], overrides: [], expected: [A, B] },
    { name: 'agency with a remaining permit keeps its basis', records: [rec({ agencyIds: [B] })], overrides: [], expected: [A] },
    { name: 'agency with an override keeps its basis', records: [], overrides: [ovr()], expected: [B] },
    { name: 'agency with only a remaining deny has no basis', records: [rec({ decision: 'deny', agencyIds: [A, B] })], overrides: [], expected: [A, B] },
  ])('$name', ({ records, overrides, expected }) => {
    expect(agenciesWithoutBasis([A, B, A], { records, overrides, familyId: FAMILY, at: NOW })).toEqual(expected);
  });
});
