import type { SharingLens } from '@tellonce/sharing-policy';
import { canSee, lensOf, visibilityFor, Viewer } from './timeline-visibility';

const FAMILY_WIDE = null;
const ABOUT_A = ['agency-a'];
const ABOUT_B = ['agency-b'];
const BOTH: SharingLens[] = ['referral', 'plan'];
const REFERRAL_ONLY: SharingLens[] = ['referral'];
const PLAN_ONLY: SharingLens[] = ['plan'];
const NONE: SharingLens[] = [];
const A = { role: 'practitioner', agencyId: 'agency-a' };

describe('timeline visibility', () => {
  it.each<[string, Viewer, SharingLens[], readonly string[] | null, SharingLens | null, boolean]>([
    ['coordinator sees family-wide entries', { role: 'coordinator' }, NONE, FAMILY_WIDE, null, true],
    ['coordinator sees any agency entry', { role: 'coordinator' }, NONE, ABOUT_B, 'referral', true],
    ['safeguarding lead sees everything', { role: 'safeguarding-lead' }, NONE, ABOUT_A, 'plan', true],
    ['admin sees everything', { role: 'admin' }, NONE, FAMILY_WIDE, 'referral', true],
    ['agency sees its own route entries while the referral part is shared', A, REFERRAL_ONLY, ABOUT_A, 'referral', true],
    ['agency sees not even its own route entries without sharing (never told, or consent withdrawn)', A, NONE, ABOUT_A, 'referral', false],
    ['agency never sees another agency entry', A, BOTH, ABOUT_B, 'referral', false],
    ['agency sees family-wide entries while any part is shared', { role: 'agency-system', agencyId: 'agency-a' }, PLAN_ONLY, FAMILY_WIDE, null, true],
    ['agency sees no family-wide entry without sharing', { role: 'agency-system', agencyId: 'agency-a' }, NONE, FAMILY_WIDE, null, false],
    ['an entry about several agencies is seen by each', { role: 'practitioner', agencyId: 'agency-b' }, BOTH, ['agency-a', 'agency-b'], 'referral', true],
    ['plan entries are hidden when only the referral part is shared', A, REFERRAL_ONLY, FAMILY_WIDE, 'plan', false],
    ['its own plan action is hidden too when the plan part is not shared', A, REFERRAL_ONLY, ABOUT_A, 'plan', false],
    ['referral entries are hidden when only the plan part is shared', A, PLAN_ONLY, FAMILY_WIDE, 'referral', false],
    ['plan entries are shown when the plan part is shared', A, PLAN_ONLY, FAMILY_WIDE, 'plan', true],
    ['agency role without an agency sees nothing', { role: 'practitioner' }, BOTH, FAMILY_WIDE, null, false],
    ['auditor sees nothing here', { role: 'auditor' }, BOTH, FAMILY_WIDE, null, false],
    ['ops sees nothing', { role: 'ops' }, BOTH, ABOUT_A, 'referral', false],
  ])('%s', (_name, viewer, permitted, agencyIds, lens, expected) => {
    expect(canSee(visibilityFor(viewer, permitted), { agencyIds, lens })).toBe(expected);
  });

  it.each<[string, unknown, SharingLens | null]>([
    ['referral.raised', {}, 'referral'],
    ['referral.route.status-changed', {}, 'referral'],
    ['plan.created', {}, 'plan'],
    ['plan.action.assigned', {}, 'plan'],
    ['notification.webhook-delivery', { eventType: 'referral.route.requested' }, 'referral'],
    ['notification.webhook-delivery', { eventType: 'plan.action.assigned' }, 'plan'],
    ['family.registered', {}, null],
    ['consent.granted', {}, null],
    ['safeguarding.override-recorded', {}, null],
  ])('%s (%j) tells of the %s part', (type, data, lens) => {
    expect(lensOf(type, data)).toBe(lens);
  });
});
