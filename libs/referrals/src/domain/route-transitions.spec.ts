import { ROLES, ROUTE_STATUSES } from '@tellonce/contracts';
import { checkTransition, findTransition, referralStatusOf } from './route-transitions';

const AGENCY = ['practitioner', 'agency-system'];
const HUB = ['coordinator', 'admin'];
const SYSTEM = ['system'];
const OPEN = ['awaiting-consent', 'requested', 'accepted', 'in-progress', 'on-hold'];

/** Written out by hand from the product contract, independently of the implementation's table. */
const ALLOWED: [from: string, to: string, roles: string[]][] = [
  ['awaiting-consent', 'requested', SYSTEM],
  ['requested', 'accepted', AGENCY],
  ['requested', 'rejected', AGENCY],
  ['accepted', 'in-progress', AGENCY],
  ['in-progress', 'on-hold', AGENCY],
  ['on-hold', 'in-progress', AGENCY],
  ['accepted', 'completed', AGENCY],
  ['accepted', 'failed', AGENCY],
  ['in-progress', 'completed', AGENCY],
  ['in-progress', 'failed', AGENCY],
  ['on-hold', 'completed', AGENCY],
  ['on-hold', 'failed', AGENCY],
  ...OPEN.map((from): [string, string, string[]] => [from, 'cancelled', [...HUB, ...SYSTEM]]),
];

const ALL_ROLES = [...ROLES, 'system'];
const triples = ROUTE_STATUSES.flatMap((from) => ROUTE_STATUSES.flatMap((to) => ALL_ROLES.map((role) => ({ from, to, role }))));

describe('route transitions: every (from, to, role) triple', () => {
  it('covers all 9 x 9 x 8 triples', () => {
    expect(triples).toHaveLength(ROUTE_STATUSES.length * ROUTE_STATUSES.length * ALL_ROLES.length);
  });

  it.each(triples)('$from -> $to by $role', ({ from, to, role }) => {
    const expected = ALLOWED.some(([f, t, roles]) => f === from && t === to && roles.includes(role));
    expect(Boolean(findTransition(from, to, role))).toBe(expected);
  });

  /** Also by hand, from the contract's words: the statuses each kind of caller ever moves a route to. */
  const AGENCY_MOVES_TO = ['accepted', 'rejected', 'in-progress', 'on-hold', 'completed', 'failed'];
  const MAY_MOVE_TO = (role: string): string[] =>
    AGENCY.includes(role) ? AGENCY_MOVES_TO : HUB.includes(role) ? ['cancelled'] : SYSTEM.includes(role) ? ['requested', 'cancelled'] : [];
  const refused = triples.filter(({ from, to, role }) => !ALLOWED.some(([f, t, roles]) => f === from && t === to && roles.includes(role)));
  it.each(refused)('$from -> $to by $role is refused: 403 if the role never moves a route there, else 409', ({ from, to, role }) => {
    const roleMovesThere = MAY_MOVE_TO(role).includes(to);
    const verdict = checkTransition(from, to, role);
    expect(verdict.allowed ? 'allowed' : verdict.problem).toBe(roleMovesThere ? 'not-allowed' : 'role-not-allowed');
  });
});

describe('route transition inputs', () => {
  it.each([
    { from: 'requested', to: 'rejected', role: 'practitioner', input: {}, verdict: 'reason-required' },
    { from: 'requested', to: 'rejected', role: 'practitioner', input: { reason: '   ' }, verdict: 'reason-required' },
    { from: 'requested', to: 'rejected', role: 'agency-system', input: { reason: 'out of area' }, verdict: 'allowed' },
    { from: 'in-progress', to: 'completed', role: 'practitioner', input: { outcome: 'debts consolidated' }, verdict: 'allowed' },
    { from: 'on-hold', to: 'failed', role: 'practitioner', input: { outcome: 'family moved away' }, verdict: 'allowed' },
    { from: 'requested', to: 'accepted', role: 'practitioner', input: { outcome: 'x' }, verdict: 'outcome-not-allowed' },
    { from: 'completed', to: 'cancelled', role: 'coordinator', input: {}, verdict: 'not-allowed' },
    { from: 'requested', to: 'completed', role: 'practitioner', input: {}, verdict: 'not-allowed' },
    { from: 'requested', to: 'accepted', role: 'coordinator', input: {}, verdict: 'role-not-allowed' },
    { from: 'requested', to: 'cancelled', role: 'practitioner', input: {}, verdict: 'role-not-allowed' },
    { from: 'completed', to: 'cancelled', role: 'agency-system', input: {}, verdict: 'role-not-allowed' },
    { from: 'requested', to: 'accepted', role: 'auditor', input: {}, verdict: 'role-not-allowed' },
    { from: 'awaiting-consent', to: 'requested', role: 'coordinator', input: {}, verdict: 'role-not-allowed' },
  ] as const)('$from -> $to by $role with $input: $verdict', ({ from, to, role, input, verdict }) => {
    const result = checkTransition(from, to, role, input);
    expect(result.allowed ? 'allowed' : result.problem).toBe(verdict);
  });
});

describe('referral status from its routes', () => {
  it.each([
    { routes: [], status: 'open' },
    { routes: ['awaiting-consent'], status: 'open' },
    { routes: ['completed', 'on-hold'], status: 'open' },
    { routes: ['completed', 'rejected', 'cancelled', 'failed'], status: 'closed' },
    { routes: ['cancelled'], status: 'closed' },
  ])('$routes -> $status', ({ routes, status }) => {
    expect(referralStatusOf(routes)).toBe(status);
  });
});
