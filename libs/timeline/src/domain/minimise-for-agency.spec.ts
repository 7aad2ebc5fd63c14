import { minimiseForAgency } from './minimise-for-agency';
import { summarise } from './summarise';

const names = {
  agencies: new Map([
    ['debt', 'Citizens Advice North'],
    ['midwives', 'City Hospitals Maternity Service'],
  ]),
  services: new Map([
    ['debt-svc', 'Debt and money advice'],
    ['mid-svc', 'Community midwifery'],
  ]),
};

const raised = {
  referralId: 'r1',
  familyId: 'f1',
  reference: 'REF-1',
  channel: 'hub-desk',
  needs: [{ code: 'debt-advice' }, { code: 'midwifery' }, { code: 'perinatal-mental-health' }],
  routes: [
    { routeId: 'a', agencyId: 'debt', serviceId: 'debt-svc', needCodes: ['debt-advice'], status: 'requested' },
    { routeId: 'b', agencyId: 'midwives', serviceId: 'mid-svc', needCodes: ['midwifery'], status: 'requested' },
  ],
  unmetNeedCodes: ['perinatal-mental-health'],
};

describe('minimiseForAgency', () => {
  it.each([
    ['referral.raised', 'debt', raised, 'Referral REF-1 raised (hub desk) for Debt advice; sent to Debt and money advice (Citizens Advice North)'],
    ['referral.raised', 'midwives', raised, 'Referral REF-1 raised (hub desk) for Midwifery; sent to Community midwifery (City Hospitals Maternity Service)'],
    ['consent.granted', 'debt', { familyId: 'f1', decision: 'permit', agencyIds: ['debt', 'midwives'] }, 'Consent given to share with Citizens Advice North'],
    ['consent.granted', 'debt', { familyId: 'f1', decision: 'permit', agencyIds: ['midwives'] }, 'Consent given to share with an agency'],
    ['consent.withdrawn', 'midwives', { familyId: 'f1', agencyIds: ['debt', 'midwives'] }, 'Consent withdrawn for sharing with City Hospitals Maternity Service'],
    ['consent.expired', 'debt', { familyId: 'f1', agencyIds: [] }, 'Consent to share with no agency expired'],
    ['family.registered', 'debt', { familyId: 'f1', hubId: 'hub-north' }, 'Family registered at hub-north'],
  ])('%s as %s', (type, agencyId, data, expected) => {
    expect(summarise(type, minimiseForAgency(type, data, agencyId), names)).toBe(expected);
  });

  it('keeps the whole story for everyone else (the data it was given is not changed)', () => {
    minimiseForAgency('referral.raised', raised, 'debt');
    expect(summarise('referral.raised', raised, names)).toContain('Midwifery');
  });
});
