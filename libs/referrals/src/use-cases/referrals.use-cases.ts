import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, ReferralRaisedV1, SYSTEM_ACTOR } from '@tellonce/contracts';
import { AuditTrail, EventPublisher } from '@tellonce/messaging';
import { actorOf, badRequest, FieldError, notFound, Principal } from '@tellonce/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { humanReference } from '../domain/family-duplicates';
import { routeNeeds, Urgency } from '../domain/route-needs';
import { Referral, ReferralNeed, ReferralRoute } from '../entities';
import { IntakeContext, ReferralsRepository } from '../repositories';
import { isUuid } from './cursor';
import { allowedChange, RouteMover, routeView } from './route-mover';
import { SharingViewService } from './sharing-view.service';

export interface NeedInput {
  code: string;
  personId?: string;
  urgency: Urgency;
  notes?: string;
}

export interface RaiseReferralInput {
  familyId: string;
  hubId: string;
  channel: string;
  story: string;
  needs: NeedInput[];
  planId?: string;
}

export const REFERRAL_ENDPOINTS = {
  raise: 'POST /v1/referrals',
  get: 'GET /v1/referrals/:id',
  list: 'GET /v1/referrals',
  transition: 'POST /v1/referrals/:id/routes/:routeId/transitions',
} as const;

export const needView = (n: ReferralNeed) => ({
  id: n.id,
  code: n.code,
  ...(n.personId ? { personId: n.personId } : {}),
  urgency: n.urgency,
  ...(n.notes ? { notes: n.notes } : {}),
  routeId: n.routeId,
  unmet: n.routeId === null,
});

/** The full (hub-side) view of a referral. */
export function referralView(referral: Referral, needs: ReferralNeed[], routes: ReferralRoute[]) {
  return {
    id: referral.id,
    reference: referral.reference,
    familyId: referral.familyId,
    hubId: referral.hubId,
    channel: referral.channel,
    story: referral.story,
    status: referral.status,
    ...(referral.planId ? { planId: referral.planId } : {}),
    createdAt: referral.createdAt,
    needs: needs.map(needView),
    routes: routes.map(routeView),
    unmetNeeds: [...new Set(needs.filter((n) => n.routeId === null).map((n) => n.code))],
  };
}

/**
 * Raising a referral: the story is told once, each need is routed by the directory, routes wait
 * for consent — unless the local sharing view already permits the agency, in which case the route
 * is released to 'requested' as it is created (as the system, with its own history row and
 * status-changed event, exactly as a consent event would have released it).
 *
 * Six round trips whatever the number of needs: BEGIN, the intake context (which also takes the
 * family's sharing lock), the sharing view, one statement writing referral, routes, needs and
 * history, the outbox rows, COMMIT.
 */
@Injectable()
export class RaiseReferral {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referrals: ReferralsRepository,
    private readonly sharing: SharingViewService,
    private readonly mover: RouteMover,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditTrail,
  ) {}

  async execute(principal: Principal, input: RaiseReferralInput) {
    const raised = await this.dataSource.transaction(async (manager) => {
      const context = isUuid(input.familyId) ? await this.contextFor(input, manager) : null;
      if (!context?.familyExists) {
        // 404, as for any unknown or out-of-scope resource; recorded so probing shows in the audit
        // (nothing is written yet: the transaction commits the entry, the 404 is thrown after it).
        await this.audit.record({ principal, action: 'write', endpoint: REFERRAL_ENDPOINTS.raise, resource: { kind: 'family', id: String(input.familyId).slice(0, 64) }, outcome: 'denied', basis: 'unknown-family' }, manager);
        return null;
      }
      return this.raiseWith(context, manager, principal, actorOf(principal), input);
    });
    if (!raised) throw notFound('family');
    return raised;
  }

  /** Also used by event handlers (plan step-up) inside their transaction, for a family known to exist; `principal` null = the system (no HTTP read to audit). */
  async raise(manager: EntityManager, principal: Principal | null, actor: Actor, input: RaiseReferralInput) {
    return this.raiseWith(await this.contextFor(input, manager), manager, principal, actor, input);
  }

  private contextFor(input: RaiseReferralInput, manager: EntityManager): Promise<IntakeContext & { reference: string }> {
    const reference = humanReference('REF', randomInt);
    return this.referrals.intakeContext(input.familyId, [...new Set(input.needs.map((n) => n.code))], reference, manager).then((context) => ({ ...context, reference }));
  }

  private async raiseWith(context: IntakeContext & { reference: string }, manager: EntityManager, principal: Principal | null, actor: Actor, input: RaiseReferralInput) {
    const errors: FieldError[] = [];
    if (!context.hubs.some((hub) => hub.id === input.hubId)) errors.push({ field: 'hubId', message: 'is not a known hub' });
    const memberIds = new Set(context.memberIds);
    input.needs.forEach((need, i) => {
      if (need.personId && !memberIds.has(need.personId)) errors.push({ field: `needs.${i}.personId`, message: 'is not a member of this family' });
    });
    if (errors.length) throw badRequest('The request is not valid.', errors);

    const createdAt = new Date();
    const referral = Object.assign(new Referral(), {
      id: randomUUID(),
      reference: context.referenceTaken ? await this.freshReference(manager) : context.reference,
      familyId: input.familyId,
      hubId: input.hubId,
      channel: input.channel,
      story: input.story,
      status: 'open' as const, // every route starts open (awaiting consent or requested)
      planId: input.planId ?? null,
      raisedBy: actor,
      createdAt,
    });
    const needs = input.needs.map((n, position) =>
      Object.assign(new ReferralNeed(), { id: randomUUID(), referralId: referral.id, position, code: n.code, personId: n.personId ?? null, urgency: n.urgency, notes: n.notes ?? null, routeId: null as string | null }),
    );
    const plan = routeNeeds(needs, input.hubId, context.hubs, context.services);
    const routes = plan.routes.map((p, position) =>
      Object.assign(new ReferralRoute(), {
        id: randomUUID(),
        position,
        referralId: referral.id,
        familyId: referral.familyId,
        agencyId: p.agencyId,
        serviceId: p.serviceId,
        needCodes: p.needCodes,
        urgency: p.urgency,
        status: 'awaiting-consent',
        version: 1,
        reason: null,
        outcome: null,
        createdAt,
        updatedAt: createdAt,
      }),
    );
    for (const need of needs) {
      const index = plan.assignment[need.id];
      need.routeId = index === null || index === undefined ? null : routes[index].id;
    }

    // Consent given before this referral: those routes are released now, as consent events would
    // have released them. The sharing lock taken with the context makes this read current.
    const decisions = await this.sharing.decisionsForAgencies(referral.familyId, routes.map((r) => r.agencyId), manager);
    const releases = routes.flatMap((route) => {
      const decision = decisions.get(route.agencyId);
      if (!decision?.permitted) return [];
      const move = { reason: decision.basis === 'safeguarding-override' ? 'safeguarding-override' : 'consent-granted' };
      return [{ route, move, change: allowedChange('awaiting-consent', 'requested', SYSTEM_ACTOR, move) }];
    });
    const stored = routes.map((route) => {
      const release = releases.find((r) => r.route === route);
      return release ? Object.assign(new ReferralRoute(), route, release.change, { version: route.version + 1 }) : route;
    });
    await this.referrals.insertRaised(
      referral,
      stored,
      needs,
      releases.map(({ route, change }) => ({ routeId: route.id, fromStatus: route.status, toStatus: change.status, actor: SYSTEM_ACTOR, reason: change.reason })),
      manager,
    );

    await this.publisher.stage(
      manager,
      ReferralRaisedV1,
      {
        referralId: referral.id,
        reference: referral.reference,
        familyId: referral.familyId,
        hubId: referral.hubId,
        channel: referral.channel,
        needs: needs.map((n) => ({ needId: n.id, code: n.code, urgency: n.urgency, ...(n.personId ? { personId: n.personId } : {}), ...(n.routeId ? { routeId: n.routeId } : {}) })),
        // As raised: every route starts awaiting consent; the releases follow as their own events.
        routes: routes.map((r) => ({ routeId: r.id, agencyId: r.agencyId, serviceId: r.serviceId, needCodes: r.needCodes, urgency: r.urgency, status: r.status })),
        unmetNeedCodes: plan.unmetNeedCodes,
        ...(referral.planId ? { planId: referral.planId } : {}),
        actor,
      },
      { key: referral.familyId, subject: referral.id },
    );
    for (const { route, move } of releases) await this.mover.announce(manager, route, 'awaiting-consent', 'requested', SYSTEM_ACTOR, move);
    if (principal) await this.audit.record({ principal, action: 'write', endpoint: REFERRAL_ENDPOINTS.raise, resource: { kind: 'referral', id: referral.id }, familyId: referral.familyId, outcome: 'allowed' }, manager);
    return referralView(referral, needs, stored);
  }

  private async freshReference(manager: EntityManager): Promise<string> {
    for (;;) {
      const reference = humanReference('REF', randomInt);
      if (!(await this.referrals.referenceTaken(reference, manager))) return reference;
    }
  }
}
