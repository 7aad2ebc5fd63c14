import type { PlanActionEntity, PlanReviewEntity } from '../entities';
import type { PlanAggregate } from '../repositories/plans.repository';

export type PlanScope = 'whole' | 'own-actions';

export function presentAction(a: PlanActionEntity) {
  return {
    id: a.id,
    description: a.description,
    agencyId: a.agencyId,
    dueDate: a.dueDate,
    outcomeId: a.outcomeId,
    status: a.status,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/**
 * An action as a plan shows it. `awaitingConsent` (hub staff only): the agencies the family has not
 * (yet) shared its plan with; given, the action says whether its agency is one of them.
 */
export function presentPlanAction(a: PlanActionEntity, awaitingConsent?: ReadonlySet<string>) {
  return awaitingConsent ? { ...presentAction(a), awaitingConsent: awaitingConsent.has(a.agencyId) } : presentAction(a);
}

export type PlanActionView = ReturnType<typeof presentPlanAction>;

export function presentReview(r: PlanReviewEntity) {
  return {
    id: r.id,
    summary: r.summary,
    attendees: r.attendees,
    outcomeProgress: r.outcomeProgress,
    nextReviewDate: r.nextReviewDate,
    heldAt: r.heldAt.toISOString(),
    actor: r.actor,
  };
}

/**
 * The plan as the caller may see it. `whole`: everything, with each outcome's scores over time
 * (distanceTravelled). `own-actions`: only the caller's agency's actions and the plan's frame.
 */
/**
 * `awaitingConsent`: for hub staff, the agencies the family has not (yet) shared its plan with. Their
 * actions say so, as a route says `awaiting-consent`: the agency hears of the action only once it may.
 */
export function presentPlan(aggregate: PlanAggregate, scope: PlanScope, agencyId?: string, awaitingConsent?: ReadonlySet<string>) {
  const { plan } = aggregate;
  const frame = {
    id: plan.id,
    familyId: plan.familyId,
    status: plan.status,
    levelOfNeed: plan.levelOfNeed,
    version: plan.version,
    scope,
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
  if (scope === 'own-actions') {
    return { ...frame, actions: aggregate.actions.filter((a) => a.agencyId === agencyId).map(presentAction) };
  }
  return {
    ...frame,
    leadPractitioner: { name: plan.leadName, agencyId: plan.leadAgencyId },
    nextReviewDate: plan.nextReviewDate,
    closedAt: plan.closedAt ? plan.closedAt.toISOString() : null,
    closeReason: plan.closeReason,
    outcomes: aggregate.outcomes.map((o) => ({
      id: o.id,
      description: o.description,
      distanceTravelled: aggregate.reviews.flatMap((r) =>
        r.outcomeProgress.filter((p) => p.outcomeId === o.id).map((p) => ({ reviewId: r.id, at: r.heldAt.toISOString(), score: p.score })),
      ),
    })),
    actions: aggregate.actions.map((a) => presentPlanAction(a, awaitingConsent)),
    reviews: aggregate.reviews.map(presentReview),
    levelHistory: aggregate.levelChanges.map((c) => ({
      id: c.id,
      from: c.from,
      to: c.to,
      reason: c.reason,
      leadAgencyBefore: c.leadAgencyBefore,
      leadAgencyAfter: c.leadAgencyAfter,
      leadHandedBack: c.leadHandedBack,
      at: c.changedAt.toISOString(),
      actor: c.actor,
    })),
  };
}

export type PlanView = ReturnType<typeof presentPlan>;
