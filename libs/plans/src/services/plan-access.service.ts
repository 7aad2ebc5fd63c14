import { Inject, Injectable } from '@nestjs/common';
import { isAgencyRole, Principal } from '@tellonce/platform';
import { decideSharing, SHARING_LENSES } from '@tellonce/sharing-policy';
import type { EntityManager } from 'typeorm';
import { CLOCK, Clock } from '../domain/clock';
import type { PlanEntity } from '../entities';
import { LocalViewsRepository } from '../repositories/local-views.repository';
import { PlansRepository } from '../repositories/plans.repository';
import type { PlanScope } from './plan-presenter';

export type PlanAccess = { scope: PlanScope; basis: string } | { scope: 'none' };

const WHOLE_PLAN_ROLES = ['coordinator', 'safeguarding-lead', 'admin'];

/**
 * Who sees how much of a plan. Hub roles see the whole plan; an agency sees the whole plan while
 * sharing permits the `plan` category with it, otherwise only its own actions, otherwise nothing.
 */
@Injectable()
export class PlanAccessService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly views: LocalViewsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async familyAccess(manager: EntityManager, principal: Principal, familyId: string): Promise<{ whole: boolean; basis: string }> {
    if (WHOLE_PLAN_ROLES.includes(principal.role)) return { whole: true, basis: `role:${principal.role}` };
    if (!isAgencyRole(principal) || !principal.agencyId) return { whole: false, basis: 'none' };
    const view = await this.views.sharingViewOf(manager, familyId);
    const decision = decideSharing({ ...view, familyId, agencyId: principal.agencyId, ...SHARING_LENSES.plan, at: this.clock.now() });
    return { whole: decision.permitted, basis: decision.basis };
  }

  async planAccess(manager: EntityManager, principal: Principal, plan: PlanEntity): Promise<PlanAccess> {
    const family = await this.familyAccess(manager, principal, plan.familyId);
    if (family.whole) return { scope: 'whole', basis: family.basis };
    if (isAgencyRole(principal) && principal.agencyId) {
      const withActions = await this.plans.plansWithActionsFor(manager, [plan.id], principal.agencyId);
      if (withActions.has(plan.id)) return { scope: 'own-actions', basis: 'own-actions' };
    }
    return { scope: 'none' };
  }
}
