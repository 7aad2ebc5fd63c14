import { Inject, Injectable } from '@nestjs/common';
import { isAgencyRole, Principal } from '@tellonce/platform';
import { decideSharing, SHARING_LENSES, SharingLens } from '@tellonce/sharing-policy';
import type { EntityManager } from 'typeorm';
import { CLOCK, Clock } from '../domain/clock';
import type { PlanEntity } from '../entities';
import { LocalViewsRepository } from '../repositories/local-views.repository';
import { PlansRepository } from '../repositories/plans.repository';
import type { PlanScope } from './plan-presenter';

export type PlanAccess = { scope: PlanScope; basis: string } | { scope: 'none' };

/** Hub staff: they see every plan whole, and which agencies still wait for the family's consent. */
const WHOLE_PLAN_ROLES = ['coordinator', 'safeguarding-lead', 'admin'];

/**
 * Who sees how much of a plan. Hub roles see the whole plan. An agency sees the whole plan while
 * sharing permits the plan part of the record with it (purpose and category `plan`, as partner
 * events about plans are sent); while sharing permits only another part (the referral), its own
 * actions; with no sharing at all (never given, or withdrawn), nothing: "withdrawal cuts its access
 * to the family", its actions included.
 */
@Injectable()
export class PlanAccessService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly views: LocalViewsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `whole`: the plan part is shared; `shared`: some part is (without it, not even its own actions). */
  async familyAccess(manager: EntityManager, principal: Principal, familyId: string): Promise<{ whole: boolean; shared: boolean; basis: string }> {
    if (WHOLE_PLAN_ROLES.includes(principal.role)) return { whole: true, shared: true, basis: `role:${principal.role}` };
    const agencyId = principal.agencyId;
    if (!isAgencyRole(principal) || !agencyId) return { whole: false, shared: false, basis: 'none' };
    const view = await this.views.sharingViewOf(manager, familyId);
    const at = this.clock.now();
    const decide = (lens: SharingLens) => decideSharing({ ...view, familyId, agencyId, ...SHARING_LENSES[lens], at });
    const plan = decide('plan');
    if (plan.permitted) return { whole: true, shared: true, basis: plan.basis };
    const other = decide('referral');
    return { whole: false, shared: other.permitted, basis: other.basis };
  }

  /** Hub staff only: which of these agencies the family has not shared its plan with (undefined for anyone else). */
  async awaitingPlanConsent(manager: EntityManager, principal: Principal, familyId: string, agencyIds: readonly string[]): Promise<ReadonlySet<string> | undefined> {
    if (!WHOLE_PLAN_ROLES.includes(principal.role)) return undefined;
    const view = await this.views.sharingViewOf(manager, familyId);
    const at = this.clock.now();
    return new Set([...new Set(agencyIds)].filter((agencyId) => !decideSharing({ ...view, familyId, agencyId, ...SHARING_LENSES.plan, at }).permitted));
  }

  async planAccess(manager: EntityManager, principal: Principal, plan: PlanEntity): Promise<PlanAccess> {
    const family = await this.familyAccess(manager, principal, plan.familyId);
    if (family.whole) return { scope: 'whole', basis: family.basis };
    if (family.shared && isAgencyRole(principal) && principal.agencyId) {
      const withActions = await this.plans.plansWithActionsFor(manager, [plan.id], principal.agencyId);
      if (withActions.has(plan.id)) return { scope: 'own-actions', basis: 'own-actions' };
    }
    return { scope: 'none' };
  }
}
