import type { PlanActionEntity, PlanEntity, PlanOutcomeEntity, PlanReviewEntity } from '../entities';
import { presentPlan, presentPlanAction } from './plan-presenter';

const at = (iso: string) => new Date(iso);
const plan = { id: 'p1', familyId: 'f1', status: 'open', levelOfNeed: 'targeted', leadName: 'Lead', leadAgencyId: 'a1', nextReviewDate: '2030-03-01', version: 3, closeReason: null, closedAt: null, createdAt: at('2030-01-01T00:00:00Z'), updatedAt: at('2030-01-02T00:00:00Z') } as PlanEntity;
const outcomes = [{ id: 'o1', planId: 'p1', position: 0, description: 'School' }, { id: 'o2', planId: 'p1', position: 1, description: 'Debt' }] as PlanOutcomeEntity[];
const action = (id: string, agencyId: string) => ({ id, planId: 'p1', position: id === 'x1' ? 0 : 1, outcomeId: null, description: id, agencyId, dueDate: '2030-02-01', status: 'open', createdAt: at('2030-01-01T00:00:00Z'), updatedAt: at('2030-01-01T00:00:00Z') }) as PlanActionEntity;
const review = (id: string, when: string, scores: [string, number][]) =>
  ({ id, planId: 'p1', summary: 's', attendees: [], outcomeProgress: scores.map(([outcomeId, score]) => ({ outcomeId, score })), nextReviewDate: '2030-03-01', actor: { sub: 'x', role: 'coordinator' }, heldAt: at(when) }) as PlanReviewEntity;
const aggregate = {
  plan,
  outcomes,
  actions: [action('x1', 'a1'), action('x2', 'a2')],
  reviews: [review('r1', '2030-01-10T00:00:00Z', [['o1', 2], ['o2', 5]]), review('r2', '2030-02-10T00:00:00Z', [['o1', 6]])],
  levelChanges: [],
};

describe('presentPlan', () => {
  it('shows each outcome’s scores over time', () => {
    const view = presentPlan(aggregate, 'whole');
    expect('outcomes' in view && view.outcomes.map((o) => o.distanceTravelled)).toEqual([
      [
        { reviewId: 'r1', at: '2030-01-10T00:00:00.000Z', score: 2 },
        { reviewId: 'r2', at: '2030-02-10T00:00:00.000Z', score: 6 },
      ],
      [{ reviewId: 'r1', at: '2030-01-10T00:00:00.000Z', score: 5 }],
    ]);
  });

  it('shows an agency without sharing only its own actions and no outcomes, reviews or lead', () => {
    const view = presentPlan(aggregate, 'own-actions', 'a2');
    expect(view.actions.map((a) => a.id)).toEqual(['x2']);
    expect(Object.keys(view).sort()).toEqual(['actions', 'createdAt', 'familyId', 'id', 'levelOfNeed', 'scope', 'status', 'updatedAt', 'version']);
  });

  it('shows an action on its own exactly as the plan shows it, awaitingConsent only when given', () => {
    const awaiting = new Set(['a2']);
    const view = presentPlan(aggregate, 'whole', undefined, awaiting);
    expect(aggregate.actions.map((a) => presentPlanAction(a, awaiting))).toEqual(view.actions);
    expect(view.actions.map((a) => 'awaitingConsent' in a && a.awaitingConsent)).toEqual([false, true]);
    expect(presentPlanAction(aggregate.actions[1])).not.toHaveProperty('awaitingConsent');
    expect(aggregate.actions.map((a) => presentPlanAction(a))).toEqual(presentPlan(aggregate, 'whole').actions);
  });
});
