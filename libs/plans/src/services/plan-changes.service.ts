import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PlanActionAssignedV1, PlanActionStatusChangedV1, PlanLevelChangedV1, PlanReviewedV1 } from '@tellonce/contracts';
import { EventPublisher } from '@tellonce/messaging';
import { actorOf, badRequest, conflict, FieldError, forbidden, isAgencyRole, notFound, Principal } from '@tellonce/platform';
import { isUUID } from 'class-validator';
import { ActionMover, decideActionTransition } from '../domain/action-transitions';
import { decideLevelChange } from '../domain/level-change';
import { PlanActionEntity, PlanLevelChangeEntity, PlanReviewEntity } from '../entities';
import type { ActionTransitionDto, AddActionDto, AddReviewDto, ChangeLevelDto } from '../http/plan.dto';
import { LocalViewsRepository } from '../repositories/local-views.repository';
import { PlansRepository } from '../repositories/plans.repository';
import { PlanChangeRunner } from './plan-change-runner';
import { presentReview } from './plan-presenter';
import { PLANS_OPTIONS, PlansOptions } from './plans.options';

const ENDPOINTS = {
  addAction: 'POST /v1/plans/:id/actions',
  transition: 'POST /v1/plans/:id/actions/:actionId/transitions',
  review: 'POST /v1/plans/:id/reviews',
  level: 'POST /v1/plans/:id/level',
};

function moverOf(principal: Principal, action: PlanActionEntity): ActionMover {
  if (principal.role === 'coordinator') return 'coordinator';
  if (principal.role === 'admin') return 'admin';
  if (isAgencyRole(principal)) return principal.agencyId === action.agencyId ? 'action-agency' : 'other-agency';
  return 'other-role';
}

/** Changes to an open plan: actions and their progress, reviews, level of need. */
@Injectable()
export class PlanChangesService {
  constructor(
    private readonly runner: PlanChangeRunner,
    private readonly plans: PlansRepository,
    private readonly views: LocalViewsRepository,
    private readonly publisher: EventPublisher,
    @Inject(PLANS_OPTIONS) private readonly options: PlansOptions,
  ) {}

  addAction(principal: Principal, planId: string, input: AddActionDto) {
    return this.runner.change(principal, planId, { endpoint: ENDPOINTS.addAction, needsWholePlan: true }, async ({ manager, plan, now, presentActionAsRead }) => {
      if ((await this.views.unknownAgencies(manager, [input.agencyId])).length) {
        throw badRequest('The request names an unknown agency.', [{ field: 'agencyId', message: 'is not an active agency in the directory' }]);
      }
      if (input.outcomeId && !(await this.plans.findOutcomes(manager, plan.id)).some((o) => o.id === input.outcomeId)) {
        throw badRequest('The request is not valid.', [{ field: 'outcomeId', message: 'is not an outcome of this plan' }]);
      }
      const action = Object.assign(new PlanActionEntity(), {
        id: randomUUID(),
        planId: plan.id,
        position: await this.plans.nextActionPosition(manager, plan.id),
        outcomeId: input.outcomeId ?? null,
        description: input.description,
        agencyId: input.agencyId,
        dueDate: input.dueDate,
        status: 'open' as const,
        createdAt: now,
        updatedAt: now,
      });
      await this.plans.insertAction(manager, action);
      await this.publisher.stage(
        manager,
        PlanActionAssignedV1,
        { planId: plan.id, familyId: plan.familyId, actionId: action.id, agencyId: action.agencyId, dueDate: action.dueDate, ...(action.outcomeId ? { outcomeId: action.outcomeId } : {}), actor: actorOf(principal) },
        { key: plan.familyId },
      );
      const present = await presentActionAsRead(action);
      return () => ({ ...present(), planId: plan.id, planVersion: plan.version });
    });
  }

  transitionAction(principal: Principal, planId: string, actionId: string, input: ActionTransitionDto) {
    if (!isUUID(actionId)) throw notFound('action');
    return this.runner.change(
      principal,
      planId,
      { endpoint: ENDPOINTS.transition, needsWholePlan: false, resource: () => ({ kind: 'plan-action', id: actionId }) },
      async ({ manager, plan, access, now, presentActionAsRead }) => {
        const action = await this.plans.findAction(manager, plan.id, actionId);
        // An agency seeing only its own actions must not learn that others exist.
        if (!action || (access.scope === 'own-actions' && action.agencyId !== principal.agencyId)) throw notFound('action');
        const decision = decideActionTransition(action.status, input.to, moverOf(principal, action));
        if (!decision.allowed) {
          // Not the action's agency (nor a coordinator or admin): an authorisation refusal, 403; a move
          // the status table does not allow: 409.
          if (decision.code === 'mover-not-allowed') throw forbidden("Only the action's agency, a coordinator or an admin may move this action.", 'action-mover-not-allowed');
          throw conflict('The action cannot move to that status from its current one.', 'action-transition-not-allowed');
        }
        const from = action.status;
        await this.plans.updateActionStatus(manager, action, input.to, now);
        await this.publisher.stage(
          manager,
          PlanActionStatusChangedV1,
          { planId: plan.id, familyId: plan.familyId, actionId: action.id, agencyId: action.agencyId, from, to: input.to, actor: actorOf(principal) },
          { key: plan.familyId },
        );
        const present = await presentActionAsRead(action);
        return () => ({ ...present(), planId: plan.id, planVersion: plan.version });
      },
    );
  }

  addReview(principal: Principal, planId: string, input: AddReviewDto) {
    return this.runner.change(principal, planId, { endpoint: ENDPOINTS.review, needsWholePlan: true }, async ({ manager, plan, now }) => {
      const outcomeIds = new Set((await this.plans.findOutcomes(manager, plan.id)).map((o) => o.id));
      const errors: FieldError[] = [];
      const seen = new Set<string>();
      input.outcomeProgress.forEach((p, i) => {
        if (!outcomeIds.has(p.outcomeId)) errors.push({ field: `outcomeProgress.${i}.outcomeId`, message: 'is not an outcome of this plan' });
        else if (seen.has(p.outcomeId)) errors.push({ field: `outcomeProgress.${i}.outcomeId`, message: 'is scored more than once' });
        seen.add(p.outcomeId);
      });
      if (errors.length) throw badRequest('The request is not valid.', errors);
      const actor = actorOf(principal);
      const review = Object.assign(new PlanReviewEntity(), {
        id: randomUUID(),
        planId: plan.id,
        summary: input.summary,
        attendees: input.attendees.map((a) => ({ name: a.name, agencyId: a.agencyId })),
        outcomeProgress: input.outcomeProgress.map((p) => ({ outcomeId: p.outcomeId, score: p.score })),
        nextReviewDate: input.nextReviewDate,
        actor,
        heldAt: now,
      });
      await this.plans.insertReview(manager, review);
      plan.nextReviewDate = input.nextReviewDate;
      await this.publisher.stage(
        manager,
        PlanReviewedV1,
        { planId: plan.id, familyId: plan.familyId, reviewId: review.id, outcomeScores: review.outcomeProgress, nextReviewDate: review.nextReviewDate, actor },
        { key: plan.familyId },
      );
      return () => ({ ...presentReview(review), planId: plan.id, planVersion: plan.version });
    });
  }

  changeLevel(principal: Principal, planId: string, input: ChangeLevelDto) {
    return this.runner.change(principal, planId, { endpoint: ENDPOINTS.level, needsWholePlan: true }, async ({ manager, plan, now, presentPlanAsRead }) => {
      // Never hand the lead to an agency the directory does not know (a misconfigured id, or one closed).
      const earlyHelp = this.options.earlyHelpAgencyId;
      const earlyHelpKnown = (await this.views.unknownAgencies(manager, [earlyHelp])).length === 0;
      const decision = decideLevelChange({
        current: plan.levelOfNeed,
        to: input.to,
        reason: input.reason,
        leadAgencyId: plan.leadAgencyId,
        earlyHelpAgencyId: earlyHelpKnown ? earlyHelp : undefined,
      });
      if (!decision.ok) {
        if (decision.code === 'reason-required') throw badRequest('The request is not valid.', [{ field: 'reason', message: 'is required' }]);
        throw conflict('The plan is already at that level of need.', 'same-level');
      }
      const actor = actorOf(principal);
      const from = plan.levelOfNeed;
      await this.plans.insertLevelChange(
        manager,
        Object.assign(new PlanLevelChangeEntity(), {
          id: randomUUID(),
          planId: plan.id,
          from,
          to: input.to,
          reason: input.reason,
          leadAgencyBefore: plan.leadAgencyId,
          leadAgencyAfter: decision.leadAgencyId,
          leadHandedBack: decision.leadHandedBack,
          actor,
          changedAt: now,
        }),
      );
      plan.levelOfNeed = input.to;
      if (decision.leadHandedBack) {
        // The hub's early-help team takes the lead back; a named lead is allocated there.
        plan.leadAgencyId = decision.leadAgencyId;
        plan.leadName = null;
      }
      await this.publisher.stage(
        manager,
        PlanLevelChangedV1,
        { planId: plan.id, familyId: plan.familyId, from, to: input.to, leadAgencyId: plan.leadAgencyId, actor },
        { key: plan.familyId },
      );
      return presentPlanAsRead();
    });
  }
}
