import { describe, expect, it, jest } from '@jest/globals';
import * as path from 'node:path';
import { ACTION_TRANSITIONS, actionMovesFor, describeDistance, hubToday, isActionOverdue, isReviewOverdue, mayMoveAction } from './plan-view';
import type { Role } from './session';

// The plans service's own rules, loaded at run time: the console cannot import another project, but a
// copy that drifts from them would offer moves the service refuses (or hide ones it allows).
const LIBS = path.resolve(__dirname, '../../../libs');
const plans = jest.requireActual<{ ACTION_TRANSITIONS: Record<string, readonly string[]> }>(path.join(LIBS, 'plans/src/domain/action-transitions'));
const matrix = jest.requireActual<{ AUTHORIZATION_MATRIX: Record<string, readonly string[]> }>(path.join(LIBS, 'shared/contracts/src/authorization-matrix'));

const OURS = { role: 'practitioner' as Role, agencyId: 'agency-a' };
const OPEN = { status: 'open' };

describe('the action table', () => {
  it('is the plans service’s table, status for status', () => {
    expect(ACTION_TRANSITIONS).toEqual(plans.ACTION_TRANSITIONS);
  });

  it.each([
    ['open', ['Start', 'Mark done', 'Mark blocked', 'Cancel action']],
    ['in-progress', ['Mark done', 'Mark blocked', 'Cancel action']],
    ['blocked', ['Resume', 'Cancel action']],
    ['done', []],
    ['cancelled', []],
  ])('offers an own-agency action in %s the moves %j', (status, labels) => {
    const moves = actionMovesFor(OURS, OPEN, { agencyId: 'agency-a', status });
    expect(moves.map((m) => m.label)).toEqual(labels);
    expect(moves.map((m) => m.to).sort()).toEqual([...ACTION_TRANSITIONS[status]].sort());
  });

  it('offers no move on a closed plan, whoever asks', () => {
    expect(actionMovesFor(OURS, { status: 'closed' }, { agencyId: 'agency-a', status: 'open' })).toEqual([]);
    expect(actionMovesFor({ role: 'coordinator' }, { status: 'closed' }, { agencyId: 'agency-a', status: 'open' })).toEqual([]);
  });
});

describe('who may move an action', () => {
  it.each<[Role, string | undefined, boolean, boolean]>([
    // role, the caller's agency, may move agency-a's action, may move agency-b's action
    ['practitioner', 'agency-a', true, false],
    ['agency-system', 'agency-a', true, false],
    ['practitioner', undefined, false, false],
    ['coordinator', undefined, true, true],
    ['admin', undefined, true, true],
    ['safeguarding-lead', undefined, false, false],
    ['auditor', undefined, false, false],
    ['ops', undefined, false, false],
  ])('%s (agency %s): own %s, another agency’s %s', (role, agencyId, own, other) => {
    expect(mayMoveAction({ role, agencyId }, { agencyId: 'agency-a' })).toBe(own);
    expect(mayMoveAction({ role, agencyId }, { agencyId: 'agency-b' })).toBe(other);
    expect(actionMovesFor({ role, agencyId }, OPEN, { agencyId: 'agency-b', status: 'open' }).length > 0).toBe(other);
  });

  it('offers moves only to roles the gateway lets POST a transition', () => {
    const allowed = matrix.AUTHORIZATION_MATRIX['POST /v1/plans/:id/actions/:actionId/transitions'];
    const roles: Role[] = ['coordinator', 'practitioner', 'agency-system', 'safeguarding-lead', 'auditor', 'ops', 'admin'];
    const offered = roles.filter((role) => mayMoveAction({ role, agencyId: 'agency-a' }, { agencyId: 'agency-a' }));
    expect(offered).toEqual(['coordinator', 'practitioner', 'agency-system', 'admin']);
    expect(allowed).toEqual(expect.arrayContaining(offered));
  });
});

describe('overdue', () => {
  it('takes today as the hub’s day (Europe/London), not UTC', () => {
    expect(hubToday(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
    expect(hubToday(new Date('2025-12-31T23:30:00Z'))).toBe('2025-12-31');
  });

  it.each([
    ['open', '2025-06-30', true],
    ['in-progress', '2025-06-30', true],
    ['blocked', '2025-06-30', true],
    ['open', '2025-07-01', false],
    ['open', '2025-07-02', false],
    ['done', '2025-06-30', false],
    ['cancelled', '2025-06-30', false],
  ])('an action %s due %s is overdue on 2025-07-01: %s', (status, dueDate, overdue) => {
    expect(isActionOverdue(OPEN, { status, dueDate }, '2025-07-01')).toBe(overdue);
  });

  it('counts no action on a closed plan as overdue, as the plans service’s overdue scan does not', () => {
    expect(isActionOverdue({ status: 'closed' }, { status: 'open', dueDate: '2025-06-30' }, '2025-07-01')).toBe(false);
  });

  it('marks the next review overdue only on an open plan, once its day has gone by', () => {
    expect(isReviewOverdue({ status: 'open', nextReviewDate: '2025-06-30' }, '2025-07-01')).toBe(true);
    expect(isReviewOverdue({ status: 'open', nextReviewDate: '2025-07-01' }, '2025-07-01')).toBe(false);
    expect(isReviewOverdue({ status: 'closed', nextReviewDate: '2025-06-30' }, '2025-07-01')).toBe(false);
    expect(isReviewOverdue({ status: 'open' }, '2025-07-01')).toBe(false);
  });
});

describe('distance travelled', () => {
  it('says when an outcome has no score yet', () => {
    expect(describeDistance(undefined)).toBe('Not scored yet.');
    expect(describeDistance([])).toBe('Not scored yet.');
  });

  it('gives the one score of a single review', () => {
    expect(describeDistance([{ at: '2025-03-01T10:00:00Z', score: 4 }])).toBe('Scored 4 out of 10 at the first review.');
  });

  it('goes from the oldest score to the latest, whatever order they come in', () => {
    const points = [
      { at: '2025-05-01T10:00:00Z', score: 7 },
      { at: '2025-03-01T10:00:00Z', score: 3 },
      { at: '2025-04-01T10:00:00Z', score: 5 },
    ];
    expect(describeDistance(points)).toBe('From 3 to 7 out of 10 over 3 reviews (up 4).');
  });

  it('says when an outcome went down or stayed put', () => {
    expect(describeDistance([{ at: '2025-03-01', score: 6 }, { at: '2025-04-01', score: 4 }])).toBe('From 6 to 4 out of 10 over 2 reviews (down 2).');
    expect(describeDistance([{ at: '2025-03-01', score: 5 }, { at: '2025-04-01', score: 5 }])).toBe('From 5 to 5 out of 10 over 2 reviews (no change).');
  });
});
