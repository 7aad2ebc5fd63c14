import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PlanActionAssignedV1, PlanClosedV1, PlanCreatedV1 } from '@tellonce/contracts';
import { AuditTrail, EventPublisher } from '@tellonce/messaging';
import { actorOf, badRequest, conflict, FieldError, isCursorInstant, notFound, Principal } from '@tellonce/platform';
import { isUUID } from 'class-validator';
import type { DataSource } from 'typeorm';
import { CLOCK, Clock } from '../domain/clock';
import { PlanActionEntity, PlanEntity, PlanOutcomeEntity } from '../entities';
import type { ClosePlanDto, CreatePlanDto } from '../http/plan.dto';
import { LocalViewsRepository } from '../repositories/local-views.repository';
import { OpenPlanExistsError, PlanPageCursor, PlansRepository } from '../repositories/plans.repository';
import { PlanAccessService } from './plan-access.service';
import { PlanChangeRunner } from './plan-change-runner';
import { presentPlan, PlanView } from './plan-presenter';

const ENDPOINTS = {
  create: 'POST /v1/families/:familyId/plans',
  list: 'GET /v1/families/:familyId/plans',
  get: 'GET /v1/plans/:id',
  close: 'POST /v1/plans/:id/close',
};

function encodeCursor(plan: PlanEntity): string {
  return Buffer.from(JSON.stringify({ createdAt: plan.createdAt.toISOString(), id: plan.id })).toString('base64url');
}

function decodeCursor(cursor: string): PlanPageCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'createdAt' in parsed && 'id' in parsed) {
      const { createdAt, id } = parsed as Record<string, unknown>;
      if (isCursorInstant(createdAt) && typeof id === 'string' && isUUID(id)) return { createdAt, id };
    }
  } catch {
    // fall through
  }
  throw badRequest('The request is not valid.', [{ field: 'cursor', message: 'is not a cursor this service issued' }]);
}

/** Opening, reading, listing and closing plans. */
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plans: PlansRepository,
    private readonly views: LocalViewsRepository,
    private readonly access: PlanAccessService,
    private readonly runner: PlanChangeRunner,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(principal: Principal, familyId: string, input: CreatePlanDto): Promise<PlanView> {
    if (!isUUID(familyId)) throw notFound('family');
    const errors: FieldError[] = [];
    input.actions.forEach((action, i) => {
      if (action.outcomeIndex !== undefined && action.outcomeIndex >= input.outcomes.length) {
        errors.push({ field: `actions.${i}.outcomeIndex`, message: 'does not point at an outcome in this plan' });
      }
    });
    if (errors.length) throw badRequest('The request is not valid.', errors);
    await this.views.familyExistsWithin(this.dataSource.manager, familyId);

    const created = await this.dataSource.transaction(async (manager) => {
      if (!(await this.views.familyExists(manager, familyId))) throw notFound('family');
      const familyAccess = await this.access.familyAccess(manager, principal, familyId);
      const resource = { kind: 'family', id: familyId };
      if (!familyAccess.whole) {
        // Nothing is written yet: commit the denial's audit entry, answer 404 after the commit.
        await this.audit.record({ principal, action: 'write', endpoint: ENDPOINTS.create, resource, familyId, outcome: 'denied' }, manager);
        return null;
      }
      const unknown = new Set(await this.views.unknownAgencies(manager, [input.leadPractitioner.agencyId, ...input.actions.map((a) => a.agencyId)]));
      if (unknown.size) {
        const agencyErrors: FieldError[] = [];
        if (unknown.has(input.leadPractitioner.agencyId)) agencyErrors.push({ field: 'leadPractitioner.agencyId', message: 'is not an active agency in the directory' });
        input.actions.forEach((a, i) => {
          if (unknown.has(a.agencyId)) agencyErrors.push({ field: `actions.${i}.agencyId`, message: 'is not an active agency in the directory' });
        });
        throw badRequest('The request names an unknown agency.', agencyErrors);
      }
      if (await this.plans.findOpenForFamily(manager, familyId)) throw conflict('The family already has an open plan.', 'open-plan-exists');

      const now = this.clock.now();
      const actor = actorOf(principal);
      const plan = Object.assign(new PlanEntity(), {
        id: randomUUID(),
        familyId,
        status: 'open' as const,
        levelOfNeed: input.levelOfNeed,
        leadName: input.leadPractitioner.name,
        leadAgencyId: input.leadPractitioner.agencyId,
        nextReviewDate: input.nextReviewDate,
        version: 1,
        closeReason: null,
        closedAt: null,
        createdBy: actor,
        createdAt: now,
        updatedAt: now,
      });
      const outcomes = input.outcomes.map((o, position) => Object.assign(new PlanOutcomeEntity(), { id: randomUUID(), planId: plan.id, position, description: o.description }));
      const actions = input.actions.map((a, position) =>
        Object.assign(new PlanActionEntity(), {
          id: randomUUID(),
          planId: plan.id,
          position,
          outcomeId: a.outcomeIndex === undefined ? null : outcomes[a.outcomeIndex].id,
          description: a.description,
          agencyId: a.agencyId,
          dueDate: a.dueDate,
          status: 'open' as const,
          createdAt: now,
          updatedAt: now,
        }),
      );
      try {
        await this.plans.insertPlan(manager, plan, outcomes, actions);
      } catch (error) {
        if (error instanceof OpenPlanExistsError) throw conflict('The family already has an open plan.', 'open-plan-exists');
        throw error;
      }
      const key = { key: familyId };
      await this.publisher.stage(
        manager,
        PlanCreatedV1,
        { planId: plan.id, familyId, levelOfNeed: plan.levelOfNeed, leadAgencyId: plan.leadAgencyId, outcomeIds: outcomes.map((o) => o.id), actionIds: actions.map((a) => a.id), actor },
        key,
      );
      for (const action of actions) {
        await this.publisher.stage(
          manager,
          PlanActionAssignedV1,
          { planId: plan.id, familyId, actionId: action.id, agencyId: action.agencyId, dueDate: action.dueDate, ...(action.outcomeId ? { outcomeId: action.outcomeId } : {}), actor },
          key,
        );
      }
      await this.audit.record(
        { principal, action: 'write', endpoint: ENDPOINTS.create, resource: { kind: 'plan', id: plan.id }, familyId, outcome: 'allowed', basis: familyAccess.basis },
        manager,
      );
      const awaiting = await this.access.awaitingPlanConsent(manager, principal, familyId, actions.map((a) => a.agencyId));
      return presentPlan({ plan, outcomes, actions, reviews: [], levelChanges: [] }, 'whole', principal.agencyId, awaiting);
    });
    if (!created) throw notFound('family');
    return created;
  }

  async get(principal: Principal, planId: string): Promise<PlanView> {
    if (!isUUID(planId)) throw notFound('plan');
    const manager = this.dataSource.manager;
    const plan = await this.plans.findPlan(manager, planId);
    if (!plan) throw notFound('plan');
    const access = await this.access.planAccess(manager, principal, plan);
    const resource = { kind: 'plan', id: plan.id };
    if (access.scope === 'none') {
      await this.audit.record({ principal, action: 'read', endpoint: ENDPOINTS.get, resource, familyId: plan.familyId, outcome: 'denied' }, manager);
      throw notFound('plan');
    }
    const aggregate = await this.plans.loadAggregate(manager, plan);
    const awaiting = await this.access.awaitingPlanConsent(manager, principal, plan.familyId, aggregate.actions.map((a) => a.agencyId));
    const view = presentPlan(aggregate, access.scope, principal.agencyId, awaiting);
    await this.audit.record({ principal, action: 'read', endpoint: ENDPOINTS.get, resource, familyId: plan.familyId, outcome: 'allowed', basis: access.basis }, manager);
    return view;
  }

  async listForFamily(principal: Principal, familyId: string, limit = 20, cursor?: string): Promise<{ items: PlanView[]; nextCursor: string | null }> {
    if (!isUUID(familyId)) throw notFound('family');
    const after = cursor ? decodeCursor(cursor) : null;
    const manager = this.dataSource.manager;
    const resource = { kind: 'family', id: familyId };
    const known = await this.views.familyExistsWithin(manager, familyId);
    const familyAccess = await this.access.familyAccess(manager, principal, familyId);
    const ownActionsOnly = !familyAccess.whole;
    const page = known && familyAccess.shared ? await this.plans.listForFamily(manager, familyId, limit + 1, after, ownActionsOnly ? principal.agencyId ?? '' : undefined) : [];
    // Unknown family, no sharing at all, or (sharing only the referral) no action of its own: indistinguishable 404s.
    if (!known || !familyAccess.shared || (ownActionsOnly && page.length === 0 && !after)) {
      if (known) await this.audit.record({ principal, action: 'read', endpoint: ENDPOINTS.list, resource, familyId, outcome: 'denied' }, manager);
      throw notFound('family');
    }
    const items: PlanView[] = [];
    const aggregates = [];
    for (const plan of page.slice(0, limit)) aggregates.push(await this.plans.loadAggregate(manager, plan));
    // One sharing read for the family, however many plans the page holds.
    const awaiting = await this.access.awaitingPlanConsent(manager, principal, familyId, aggregates.flatMap((a) => a.actions.map((action) => action.agencyId)));
    for (const aggregate of aggregates) items.push(presentPlan(aggregate, ownActionsOnly ? 'own-actions' : 'whole', principal.agencyId, awaiting));
    await this.audit.record({ principal, action: 'read', endpoint: ENDPOINTS.list, resource, familyId, outcome: 'allowed', basis: ownActionsOnly ? 'own-actions' : familyAccess.basis }, manager);
    return { items, nextCursor: page.length > limit ? encodeCursor(page[limit - 1]) : null };
  }

  async close(principal: Principal, planId: string, input: ClosePlanDto): Promise<PlanView> {
    return this.runner.change(principal, planId, { endpoint: ENDPOINTS.close, needsWholePlan: true }, async ({ manager, plan, now, presentPlanAsRead }) => {
      plan.status = 'closed';
      plan.closeReason = input.reason;
      plan.closedAt = now;
      await this.publisher.stage(manager, PlanClosedV1, { planId: plan.id, familyId: plan.familyId, actor: actorOf(principal) }, { key: plan.familyId });
      return presentPlanAsRead();
    });
  }
}
