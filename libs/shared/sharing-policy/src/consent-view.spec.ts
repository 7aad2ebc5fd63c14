import { ConsentExpiredV1, ConsentGrantedData, ConsentGrantedV1, ConsentWithdrawnV1, SafeguardingOverrideRecordedV1 } from '@tellonce/contracts';
import { applyConsentEvent, emptySharingView, SharingView } from './consent-view';
import { decideSharing } from './decide-sharing';

const actor = { sub: 'u1', role: 'coordinator' };
const granted = (consentId: string, extra: Partial<ConsentGrantedData> = {}) => ({
  type: ConsentGrantedV1.type,
  time: '2025-06-01T10:00:00.000Z',
  data: {
    consentId,
    familyId: 'f1',
    decision: 'permit',
    subjectPersonIds: ['p1'],
    agencyIds: ['a1'],
    purposes: ['referral'],
    dataCategories: [],
    method: 'verbal',
    actor,
    ...extra,
  } satisfies ConsentGrantedData,
});
const withdrawn = (consentId: string) => ({ type: ConsentWithdrawnV1.type, time: '2025-06-01T11:00:00.000Z', data: { consentId, familyId: 'f1', agencyIds: ['a1'], agencyIdsNoLongerPermitted: ['a1'], actor } });
const expired = (consentId: string) => ({ type: ConsentExpiredV1.type, time: '2025-06-01T11:00:00.000Z', data: { consentId, familyId: 'f1', agencyIds: ['a1'], agencyIdsNoLongerPermitted: ['a1'], expiredAt: '2025-06-01T11:00:00.000Z' } });
const override = (overrideId: string) => ({ type: SafeguardingOverrideRecordedV1.type, time: '2025-06-01T12:00:00.000Z', data: { overrideId, familyId: 'f1', agencyId: 'a2', actor } });

const AT = new Date('2025-06-02T00:00:00Z');
const decide = (view: SharingView, agencyId: string) => decideSharing({ ...view, familyId: 'f1', agencyId, at: AT });

describe('applyConsentEvent', () => {
  it('adds a granted record as active, with its event time as recordedAt', () => {
    const view = applyConsentEvent(emptySharingView(), granted('c1', { expiresAt: '2026-01-01T00:00:00.000Z' }));
    expect(view.records).toEqual([
      expect.objectContaining({ id: 'c1', status: 'active', recordedAt: new Date('2025-06-01T10:00:00.000Z'), expiresAt: new Date('2026-01-01T00:00:00.000Z') }),
    ]);
    expect(decide(view, 'a1')).toMatchObject({ permitted: true, consentId: 'c1' });
  });

  it('is idempotent for a redelivered grant and override', () => {
    let view = applyConsentEvent(emptySharingView(), granted('c1'));
    view = applyConsentEvent(view, granted('c1'));
    view = applyConsentEvent(view, override('o1'));
    view = applyConsentEvent(view, override('o1'));
    expect(view.records).toHaveLength(1);
    expect(view.overrides).toHaveLength(1);
  });

  it.each([
    { name: 'withdrawal', event: withdrawn('c1'), status: 'withdrawn' },
    { name: 'expiry', event: expired('c1'), status: 'expired' },
  ])('$name ends the record and its permission', ({ event, status }) => {
    const view = applyConsentEvent(applyConsentEvent(emptySharingView(), granted('c1')), event);
    expect(view.records[0].status).toBe(status);
    expect(decide(view, 'a1')).toMatchObject({ permitted: false, basis: 'none' });
  });

  it('a withdrawal is final: a late expiry does not change it', () => {
    let view = applyConsentEvent(emptySharingView(), granted('c1'));
    view = applyConsentEvent(view, withdrawn('c1'));
    view = applyConsentEvent(view, expired('c1'));
    expect(view.records[0].status).toBe('withdrawn');
  });

  it('leaves other records alone and ignores unknown consent ids', () => {
    let view = applyConsentEvent(emptySharingView(), granted('c1'));
    view = applyConsentEvent(view, granted('c2', { agencyIds: ['a3'] }));
    view = applyConsentEvent(view, withdrawn('c1'));
    view = applyConsentEvent(view, withdrawn('nope'));
    expect(view.records.map((r) => r.status)).toEqual(['withdrawn', 'active']);
    expect(decide(view, 'a3')).toMatchObject({ permitted: true, consentId: 'c2' });
  });

  it('folds an override into a permission for its agency', () => {
    const view = applyConsentEvent(emptySharingView(), override('o1'));
    expect(decide(view, 'a2')).toMatchObject({ permitted: true, basis: 'safeguarding-override', overrideId: 'o1' });
  });

  it('does not change the input view and ignores other event types', () => {
    const start = emptySharingView();
    const next = applyConsentEvent(start, granted('c1'));
    expect(start.records).toHaveLength(0);
    expect(applyConsentEvent(next, { type: 'tellonce.something.else.v1', time: '2025-06-01T10:00:00.000Z', data: {} })).toBe(next);
  });
});
