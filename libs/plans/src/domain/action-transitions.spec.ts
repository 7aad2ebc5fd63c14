import { PLAN_ACTION_STATUSES, PlanActionStatus } from '@tellonce/contracts';
import { ACTION_MOVERS, ActionMover, decideActionTransition, isActionOutstanding } from './action-transitions';

const ALLOWED: ReadonlySet<string> = new Set([
  'open>in-progress',
  'open>blocked',
  'open>cancelled',
  'open>done',
  'in-progress>done',
  'in-progress>blocked',
  'in-progress>cancelled',
  'blocked>in-progress',
  'blocked>cancelled',
]);
const MAY_MOVE: readonly ActionMover[] = ['action-agency', 'coordinator', 'admin'];

const triples: [PlanActionStatus, PlanActionStatus, ActionMover][] = [];
for (const from of PLAN_ACTION_STATUSES) for (const to of PLAN_ACTION_STATUSES) for (const mover of ACTION_MOVERS) triples.push([from, to, mover]);

describe('decideActionTransition', () => {
  it('covers every (from, to, mover) triple', () => {
    expect(triples).toHaveLength(PLAN_ACTION_STATUSES.length ** 2 * ACTION_MOVERS.length);
  });

  it.each(triples)('%s -> %s by %s', (from, to, mover) => {
    const decision = decideActionTransition(from, to, mover);
    if (!MAY_MOVE.includes(mover)) expect(decision).toEqual({ allowed: false, code: 'mover-not-allowed' });
    else if (ALLOWED.has(`${from}>${to}`)) expect(decision).toEqual({ allowed: true });
    else expect(decision).toEqual({ allowed: false, code: 'transition-not-allowed' });
  });

  it.each([
    ['open', true],
    ['in-progress', true],
    ['blocked', true],
    ['done', false],
    ['cancelled', false],
  ] as const)('%s outstanding = %s', (status, outstanding) => {
    expect(isActionOutstanding(status)).toBe(outstanding);
  });
});
