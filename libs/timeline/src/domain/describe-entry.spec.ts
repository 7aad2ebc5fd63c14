import { describeEntry } from './describe-entry';

const actor = { sub: 'u1', role: 'practitioner', agencyId: 'ag-1', hubId: 'hub-north' };

describe('describeEntry', () => {
  it('ignores events that concern no family (directory)', () => {
    expect(describeEntry('directory.agency-upserted', { agencyId: 'ag-1', name: 'X', kind: 'vcs', active: true })).toBeNull();
  });

  it.each([
    ['family.registered', { familyId: 'f1', hubId: 'hub-north', actor }, { kind: 'family', id: 'f1' }, null],
    ['referral.raised', { familyId: 'f1', referralId: 'r1', routes: [{ agencyId: 'ag-1', serviceId: 's1' }], actor }, { kind: 'referral', id: 'r1' }, null],
    ['referral.route.status-changed', { familyId: 'f1', referralId: 'r1', routeId: 'rt1', agencyId: 'ag-1', actor }, { kind: 'referral-route', id: 'rt1' }, ['ag-1']],
    ['consent.granted', { familyId: 'f1', consentId: 'c1', agencyIds: ['ag-1', 'ag-2'], actor }, { kind: 'consent', id: 'c1' }, null],
    ['safeguarding.override-recorded', { familyId: 'f1', overrideId: 'o1', agencyId: 'ag-2', actor }, { kind: 'safeguarding-override', id: 'o1' }, ['ag-2']],
    ['plan.action.assigned', { familyId: 'f1', planId: 'p1', actionId: 'a1', agencyId: 'ag-3' }, { kind: 'plan-action', id: 'a1' }, ['ag-3']],
    ['plan.reviewed', { familyId: 'f1', planId: 'p1', reviewId: 'rv1' }, { kind: 'plan-review', id: 'rv1' }, null],
    ['unknown.thing', { familyId: 'f1' }, { kind: 'family', id: 'f1' }, null],
  ])('%s: subject and visibility', (type, data, subject, agencyIds) => {
    expect(describeEntry(type, data)).toMatchObject({ familyId: 'f1', subject, agencyIds });
  });

  it('keeps only sub, role and agencyId of the actor, and says "system" when there is none', () => {
    expect(describeEntry('family.registered', { familyId: 'f1', actor })!.actor).toEqual({ sub: 'u1', role: 'practitioner', agencyId: 'ag-1' });
    expect(describeEntry('consent.expired', { familyId: 'f1', consentId: 'c1' })!.actor).toEqual({ sub: 'system', role: 'system' });
  });

  it('lists every agency and service the summary names', () => {
    const entry = describeEntry('referral.raised', { familyId: 'f1', routes: [{ agencyId: 'ag-1', serviceId: 's1' }, { agencyId: 'ag-2', serviceId: 's2' }] });
    expect(entry!.mentions.sort()).toEqual(['ag-1', 'ag-2', 's1', 's2']);
  });
});
