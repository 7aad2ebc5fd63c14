import { Injectable } from '@nestjs/common';
import { Actor, RouteStatus, RouteStatusChangedV1 } from '@tellonce/contracts';
import { EventPublisher } from '@tellonce/messaging';
import { badRequest, conflict, forbidden } from '@tellonce/platform';
import type { EntityManager } from 'typeorm';
import { checkTransition, referralStatusOf } from '../domain/route-transitions';
import { ReferralRoute } from '../entities';
import { ReferralsRepository, RouteChange } from '../repositories';

export interface MoveInput {
  reason?: string;
  outcome?: string;
}

export const routeView = (r: ReferralRoute) => ({
  id: r.id,
  referralId: r.referralId,
  agencyId: r.agencyId,
  serviceId: r.serviceId,
  needCodes: r.needCodes,
  status: r.status,
  urgency: r.urgency,
  ...(r.reason ? { reason: r.reason } : {}),
  ...(r.outcome ? { outcome: r.outcome } : {}),
  version: r.version,
  updatedAt: r.updatedAt,
});

/**
 * The one way a route changes status, for people and for the system alike: the transition table
 * decides, a conditional UPDATE makes it race-safe, and the history row, the event and the
 * referral's own status are written in the caller's transaction.
 */
@Injectable()
export class RouteMover {
  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async move(manager: EntityManager, route: ReferralRoute, to: RouteStatus, actor: Actor, input: MoveInput = {}): Promise<ReferralRoute> {
    const from = route.status as RouteStatus;
    const change = allowedChange(from, to, actor, input);
    if (!(await this.referrals.moveRoute(route.id, from, route.version, change, manager))) {
      throw conflict('The route changed meanwhile; read it again and retry.', 'route-changed');
    }
    const moved = Object.assign(new ReferralRoute(), route, change, { version: route.version + 1, updatedAt: new Date() });
    await this.referrals.appendHistory({ routeId: route.id, fromStatus: from, toStatus: to, actor, reason: change.reason, outcome: change.outcome }, manager);
    await this.announce(manager, route, from, to, actor, input);
    const referral = await this.referrals.find(route.referralId, manager);
    const siblings = await this.referrals.routes([route.referralId], manager);
    const status = referralStatusOf(siblings.map((r) => (r.id === route.id ? to : r.status)));
    if (referral && referral.status !== status) await this.referrals.setStatus(referral.id, status, manager);
    return moved;
  }

  /** The route's status-changed event, staged in the caller's transaction (also for routes released as they are created). */
  async announce(manager: EntityManager, route: ReferralRoute, from: RouteStatus, to: RouteStatus, actor: Actor, input: MoveInput = {}): Promise<void> {
    await this.publisher.stage(
      manager,
      RouteStatusChangedV1,
      {
        referralId: route.referralId,
        familyId: route.familyId,
        routeId: route.id,
        agencyId: route.agencyId,
        serviceId: route.serviceId,
        needCodes: route.needCodes,
        urgency: route.urgency,
        from,
        to,
        ...(input.reason ? { reason: input.reason } : {}),
        ...(input.outcome ? { outcome: input.outcome } : {}),
        actor,
      },
      { key: route.familyId, subject: route.id },
    );
  }
}

/** What the transition table allows for this move, as the change to write; a 400, 403 or 409 problem otherwise. */
export function allowedChange(from: RouteStatus, to: RouteStatus, actor: Actor, input: MoveInput): RouteChange {
  const verdict = checkTransition(from, to, actor.role, input);
  if (!verdict.allowed) {
    if (verdict.problem === 'reason-required') throw badRequest('The request is not valid.', [{ field: 'reason', message: 'is required for this move' }]);
    if (verdict.problem === 'outcome-not-allowed') throw badRequest('The request is not valid.', [{ field: 'outcome', message: 'only completion or failure carries an outcome' }]);
    if (verdict.problem === 'role-not-allowed') throw forbidden(`This role may not move a route to ${to}.`, 'role-not-allowed');
    throw conflict(`A route cannot move from ${from} to ${to}.`, 'transition-not-allowed');
  }
  return { status: to, reason: input.reason ?? null, outcome: input.outcome ?? null };
}
