import { canSee, visibilityFor, Viewer } from './timeline-visibility';

const FAMILY_WIDE = null;
const ABOUT_A = ['agency-a'];
const ABOUT_B = ['agency-b'];

describe('timeline visibility', () => {
  it.each<[string, Viewer, boolean, readonly string[] | null, boolean]>([
    ['coordinator sees family-wide entries', { role: 'coordinator' }, false, FAMILY_WIDE, true],
    ['coordinator sees any agency entry', { role: 'coordinator' }, false, ABOUT_B, true],
    ['safeguarding lead sees everything', { role: 'safeguarding-lead' }, false, ABOUT_A, true],
    ['admin sees everything', { role: 'admin' }, false, FAMILY_WIDE, true],
    ['agency sees its own route entries while sharing permits', { role: 'practitioner', agencyId: 'agency-a' }, true, ABOUT_A, true],
    ['agency sees not even its own route entries without sharing (never told, or consent withdrawn)', { role: 'practitioner', agencyId: 'agency-a' }, false, ABOUT_A, false],
    ['agency never sees another agency entry', { role: 'practitioner', agencyId: 'agency-a' }, true, ABOUT_B, false],
    ['agency sees family-wide entries while sharing permits', { role: 'agency-system', agencyId: 'agency-a' }, true, FAMILY_WIDE, true],
    ['agency sees no family-wide entry without sharing', { role: 'agency-system', agencyId: 'agency-a' }, false, FAMILY_WIDE, false],
    ['an entry about several agencies is seen by each', { role: 'practitioner', agencyId: 'agency-b' }, true, ['agency-a', 'agency-b'], true],
    ['agency role without an agency sees nothing', { role: 'practitioner' }, true, FAMILY_WIDE, false],
    ['auditor sees nothing here', { role: 'auditor' }, true, FAMILY_WIDE, false],
    ['ops sees nothing', { role: 'ops' }, true, ABOUT_A, false],
  ])('%s', (_name, viewer, sharingPermitted, entryAgencyIds, expected) => {
    expect(canSee(visibilityFor(viewer, sharingPermitted), entryAgencyIds)).toBe(expected);
  });
});
