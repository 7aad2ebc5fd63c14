import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RouteStatus } from '@tellonce/contracts';
import { AuditTrail } from '@tellonce/messaging';
import { actorOf, isAgencyRole, notFound, Principal } from '@tellonce/platform';
import type { DataSource } from 'typeorm';
import { isUuid } from './cursor';
import { REFERRAL_ENDPOINTS } from './referrals.use-cases';
import { RouteMover, routeView } from './route-mover';
import { SharingViewService } from './sharing-view.service';
import { ReferralsRepository } from '../repositories';

export interface TransitionInput {
  to: RouteStatus;
  reason?: string;
  outcome?: string;
}

/** A person moves a route: scope first (404 for another agency's route), then the table (409). */
@Injectable()
export class TransitionRoute {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referrals: ReferralsRepository,
    private readonly sharing: SharingViewService,
    private readonly mover: RouteMover,
    private readonly audit: AuditTrail,
  ) {}

  async execute(principal: Principal, referralId: string, routeId: string, input: TransitionInput) {
    const route = isUuid(referralId) && isUuid(routeId) ? await this.referrals.findRoute(referralId, routeId, this.dataSource.manager) : null;
    const deny = async (basis: string) => {
      await this.audit.record({ principal, action: 'write', endpoint: REFERRAL_ENDPOINTS.transition, resource: { kind: 'route', id: String(routeId).slice(0, 64) }, ...(route ? { familyId: route.familyId } : {}), outcome: 'denied', basis }, this.dataSource.manager);
      return notFound('route');
    };
    if (!route) throw await deny('unknown-route');
    let basis = 'hub-role';
    if (isAgencyRole(principal)) {
      if (route.agencyId !== principal.agencyId) throw await deny('other-agency');
      const decision = await this.sharing.decision(route.familyId, route.agencyId, this.dataSource.manager);
      if (!decision.permitted) throw await deny('sharing-not-permitted');
      basis = decision.basis;
    }
    return this.dataSource.transaction(async (manager) => {
      const current = await this.referrals.findRoute(referralId, routeId, manager);
      if (!current) throw notFound('route');
      const moved = await this.mover.move(manager, current, input.to, actorOf(principal), { reason: input.reason, outcome: input.outcome });
      await this.audit.record({ principal, action: 'write', endpoint: REFERRAL_ENDPOINTS.transition, resource: { kind: 'route', id: route.id }, familyId: route.familyId, outcome: 'allowed', basis }, manager);
      return routeView(moved);
    });
  }
}
