import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail } from '@tellonce/messaging';
import { conflict, forbidden, notFound, Principal } from '@tellonce/platform';
import { isUUID } from 'class-validator';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCK, Clock } from '../domain/clock';
import type { PlanActionEntity, PlanEntity } from '../entities';
import { PlansRepository } from '../repositories/plans.repository';
import { PlanAccess, PlanAccessService } from './plan-access.service';
import { PlanActionView, presentPlan, presentPlanAction, PlanView } from './plan-presenter';

export interface PlanChangeContext {
  manager: EntityManager;
  plan: PlanEntity;
  access: PlanAccess & { scope: 'whole' | 'own-actions' };
  now: Date;
  /** For a change that answers with the plan: the plan as GET shows it to this caller, hub staff's awaitingConsent included. */
  presentPlanAsRead: () => Promise<() => PlanView>;
  /**
   * For a change that answers with one action: the action as it appears in GET's plan, hub staff's
   * awaitingConsent included (no sharing read for anyone else). Present it after the change.
   */
  presentActionAsRead: (action: PlanActionEntity) => Promise<() => PlanActionView>;
}

export interface PlanChangeOptions {
  endpoint: string;
  /** Most changes need the whole plan in view; moving one's own action needs only that action. */
  needsWholePlan: boolean;
  resource?: (plan: PlanEntity) => { kind: string; id: string };
}

/**
 * The frame every change to an existing plan runs in: one transaction holding the plan row,
 * scope check (a denial commits only its audit entry, then is thrown), open-plan check, the change,
 * version + 1, and the audit entry with the change. `work` returns how to present the result.
 */
@Injectable()
export class PlanChangeRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plans: PlansRepository,
    private readonly access: PlanAccessService,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async change<T>(principal: Principal, planId: string, options: PlanChangeOptions, work: (context: PlanChangeContext) => Promise<() => T>): Promise<T> {
    if (!isUUID(planId)) throw notFound('plan');
    // A denial is audited in this transaction and thrown after it commits: thrown inside, it would
    // roll its audit entry back; audited outside, it would need a second pool connection.
    const result = await this.dataSource.transaction(async (manager): Promise<{ denied: Error } | { value: T }> => {
      const plan = await this.plans.findPlan(manager, planId, true);
      if (!plan) throw notFound('plan');
      const access = await this.access.planAccess(manager, principal, plan);
      const resource = options.resource?.(plan) ?? { kind: 'plan', id: plan.id };
      const deny = async (error: Error) => {
        await this.audit.record({ principal, action: 'write', endpoint: options.endpoint, resource, familyId: plan.familyId, outcome: 'denied' }, manager);
        return { denied: error };
      };
      if (access.scope === 'none') return deny(notFound('plan'));
      if (options.needsWholePlan && access.scope !== 'whole') return deny(forbidden('Your agency may not change this plan.'));
      if (plan.status !== 'open') throw conflict('The plan is closed.', 'plan-closed');
      const now = this.clock.now();
      const presentPlanAsRead = async () => {
        const aggregate = await this.plans.loadAggregate(manager, plan);
        const awaiting = await this.access.awaitingPlanConsent(manager, principal, plan.familyId, aggregate.actions.map((a) => a.agencyId));
        return () => presentPlan(aggregate, access.scope, principal.agencyId, awaiting);
      };
      const presentActionAsRead = async (action: PlanActionEntity) => {
        const awaiting = await this.access.awaitingPlanConsent(manager, principal, plan.familyId, [action.agencyId]);
        return () => presentPlanAction(action, awaiting);
      };
      const present = await work({ manager, plan, access, now, presentPlanAsRead, presentActionAsRead });
      plan.version += 1;
      plan.updatedAt = now;
      await this.plans.savePlan(manager, plan);
      await this.audit.record(
        { principal, action: 'write', endpoint: options.endpoint, resource, familyId: plan.familyId, outcome: 'allowed', basis: access.basis },
        manager,
      );
      // Presented after the version bump, so the answer shows the plan as stored.
      return { value: present() };
    });
    if ('denied' in result) throw result.denied;
    return result.value;
  }
}
