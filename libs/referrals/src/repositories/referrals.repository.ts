import { Injectable } from '@nestjs/common';
import { familySharingLockSql } from '@tellonce/messaging';
import { EntityManager, In } from 'typeorm';
import { OPEN_ROUTE_STATUSES } from '../domain/route-transitions';
import type { RoutableHub, RoutableService } from '../domain/route-needs';
import { Referral, ReferralNeed, ReferralRoute, RouteHistory } from '../entities';

export interface ReferralListFilter {
  familyId?: string;
  status?: string;
  /** Referrals with a route to this agency. */
  agencyId?: string;
  /** Referrals raised at this hub or at one of its network points. */
  atHub?: string;
  /** Referrals with a route in one of these statuses (to `agencyId`, if given). */
  routeStatuses?: readonly string[];
  afterSeq?: string;
  limit: number;
}

export interface RouteChange {
  status: string;
  reason: string | null;
  outcome: string | null;
}

/** Everything raising a referral reads before it writes. */
export interface IntakeContext {
  familyExists: boolean;
  memberIds: string[];
  hubs: RoutableHub[];
  /** Services offering one of the referral's needs, with their agency's active flag: the routing input. */
  services: RoutableService[];
  referenceTaken: boolean;
}

/** A route's first move, made as it is created (released at once because sharing already permits it). */
export interface ReleasedAtIntake {
  routeId: string;
  fromStatus: string;
  toStatus: string;
  actor: RouteHistory['actor'];
  reason: string | null;
}

@Injectable()
export class ReferralsRepository {
  async referenceTaken(reference: string, manager: EntityManager): Promise<boolean> {
    return manager.exists(Referral, { where: { reference } });
  }

  /**
   * One round trip for the intake: the family, its members, the hubs, the services for these needs
   * and whether the candidate reference is free; and it takes the family's sharing lock, so the
   * sharing view read next (and the routes written after it) cannot race a consent event.
   */
  async intakeContext(familyId: string, needCodes: string[], candidateReference: string, manager: EntityManager): Promise<IntakeContext> {
    const [row]: {
      family_exists: boolean;
      member_ids: string[];
      hubs: RoutableHub[];
      services: RoutableService[];
      reference_taken: boolean;
    }[] = await manager.query(
      `SELECT ${familySharingLockSql('$1')} AS locked,
         EXISTS (SELECT 1 FROM family WHERE id = $1::uuid) AS family_exists,
         (SELECT coalesce(json_agg(id ORDER BY position), '[]'::json) FROM family_member WHERE family_id = $1::uuid) AS member_ids,
         (SELECT coalesce(json_agg(json_build_object('id', id, 'parentHubId', parent_hub_id) ORDER BY id), '[]'::json) FROM hub) AS hubs,
         (SELECT coalesce(json_agg(json_build_object('id', s.id, 'agencyId', s.agency_id, 'agencyActive', a.active, 'needs', s.needs, 'hubIds', s.hub_ids,
                   'status', s.status, 'capacity', s.capacity) ORDER BY s.id), '[]'::json)
            FROM directory_service s JOIN agency a ON a.id = s.agency_id WHERE s.needs && $2::text[]) AS services,
         EXISTS (SELECT 1 FROM referral WHERE reference = $3) AS reference_taken`,
      [familyId, needCodes, candidateReference],
    );
    return { familyExists: row.family_exists, memberIds: row.member_ids, hubs: row.hubs, services: row.services, referenceTaken: row.reference_taken };
  }

  /** The referral, its routes, its needs and the history of routes released at intake, in one statement. */
  async insertRaised(referral: Referral, routes: ReferralRoute[], needs: ReferralNeed[], released: ReleasedAtIntake[], manager: EntityManager): Promise<void> {
    const json = (rows: object[]) => JSON.stringify(rows);
    await manager.query(
      `WITH referral_row AS (
         INSERT INTO referral (id, reference, family_id, hub_id, channel, story, status, plan_id, raised_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)),
       route_rows AS (
         INSERT INTO referral_route (id, referral_id, family_id, position, agency_id, service_id, need_codes, urgency, status, version, created_at, updated_at)
         SELECT id, $1::uuid, $3::uuid, position, agency_id, service_id, need_codes, urgency, status, version, $10::timestamptz, $10::timestamptz
           FROM jsonb_to_recordset($11::jsonb) AS r(id uuid, position int, agency_id text, service_id text, need_codes text[], urgency text, status text, version int)),
       need_rows AS (
         INSERT INTO referral_need (id, referral_id, position, code, person_id, urgency, notes, route_id)
         SELECT id, $1::uuid, position, code, person_id, urgency, notes, route_id
           FROM jsonb_to_recordset($12::jsonb) AS n(id uuid, position int, code text, person_id uuid, urgency text, notes text, route_id uuid))
       INSERT INTO route_history (route_id, from_status, to_status, actor, reason, at)
       SELECT route_id, from_status, to_status, actor, reason, $10::timestamptz
         FROM jsonb_to_recordset($13::jsonb) AS h(route_id uuid, from_status text, to_status text, actor jsonb, reason text)`,
      [
        referral.id,
        referral.reference,
        referral.familyId,
        referral.hubId,
        referral.channel,
        referral.story,
        referral.status,
        referral.planId,
        JSON.stringify(referral.raisedBy),
        referral.createdAt,
        json(routes.map((r) => ({ id: r.id, position: r.position, agency_id: r.agencyId, service_id: r.serviceId, need_codes: r.needCodes, urgency: r.urgency, status: r.status, version: r.version }))),
        json(needs.map((n) => ({ id: n.id, position: n.position, code: n.code, person_id: n.personId, urgency: n.urgency, notes: n.notes, route_id: n.routeId }))),
        json(released.map((h) => ({ route_id: h.routeId, from_status: h.fromStatus, to_status: h.toStatus, actor: h.actor, reason: h.reason }))),
      ],
    );
  }

  find(id: string, manager: EntityManager): Promise<Referral | null> {
    return manager.findOneBy(Referral, { id });
  }

  /** Does a referral raised by this plan's step-up still have a route open? */
  async planHasOpenRoute(planId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM referral r JOIN referral_route rr ON rr.referral_id = r.id WHERE r.plan_id = $1 AND rr.status = ANY($2::text[]) LIMIT 1`,
      [planId, OPEN_ROUTE_STATUSES],
    );
    return rows.length > 0;
  }

  needs(referralIds: string[], manager: EntityManager): Promise<ReferralNeed[]> {
    if (referralIds.length === 0) return Promise.resolve([]);
    return manager.find(ReferralNeed, { where: { referralId: In(referralIds) }, order: { position: 'ASC' } });
  }

  routes(referralIds: string[], manager: EntityManager): Promise<ReferralRoute[]> {
    if (referralIds.length === 0) return Promise.resolve([]);
    return manager.find(ReferralRoute, { where: { referralId: In(referralIds) }, order: { referralId: 'ASC', position: 'ASC' } });
  }

  findRoute(referralId: string, routeId: string, manager: EntityManager): Promise<ReferralRoute | null> {
    return manager.findOneBy(ReferralRoute, { id: routeId, referralId });
  }

  routesOfFamilyAgency(familyId: string, agencyId: string, statuses: readonly string[], manager: EntityManager): Promise<ReferralRoute[]> {
    return manager.find(ReferralRoute, { where: { familyId, agencyId, status: In([...statuses]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async agencyHasRouteForFamily(familyId: string, agencyId: string, manager: EntityManager): Promise<boolean> {
    return manager.exists(ReferralRoute, { where: { familyId, agencyId } });
  }

  /**
   * Optimistic move: applies only if the route is still in `from` at `version`. Under READ COMMITTED
   * the second of two racing updates waits for the first, re-reads the row, matches nothing and
   * reports false, so exactly one caller wins.
   */
  async moveRoute(routeId: string, from: string, version: number, change: RouteChange, manager: EntityManager): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ReferralRoute)
      .set({ status: change.status, reason: change.reason, outcome: change.outcome, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :routeId AND status = :from AND version = :version', { routeId, from, version })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async appendHistory(entry: Omit<RouteHistory, 'seq' | 'at'>, manager: EntityManager): Promise<void> {
    await manager.insert(RouteHistory, entry);
  }

  history(routeIds: string[], manager: EntityManager): Promise<RouteHistory[]> {
    if (routeIds.length === 0) return Promise.resolve([]);
    return manager.find(RouteHistory, { where: { routeId: In(routeIds) }, order: { seq: 'ASC' } });
  }

  async setStatus(referralId: string, status: 'open' | 'closed', manager: EntityManager): Promise<void> {
    await manager.update(Referral, { id: referralId }, { status });
  }

  async list(filter: ReferralListFilter, manager: EntityManager): Promise<Referral[]> {
    const qb = manager.createQueryBuilder(Referral, 'r').orderBy('r.seq', 'DESC').limit(filter.limit);
    if (filter.afterSeq) qb.andWhere('r.seq < :afterSeq', { afterSeq: filter.afterSeq });
    if (filter.familyId) qb.andWhere('r.family_id = :familyId', { familyId: filter.familyId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.atHub !== undefined) qb.andWhere('r.hub_id IN (SELECT h.id FROM hub h WHERE h.id = :atHub OR h.parent_hub_id = :atHub)', { atHub: filter.atHub });
    if (filter.agencyId) qb.andWhere(`EXISTS (SELECT 1 FROM referral_route x WHERE x.referral_id = r.id AND x.agency_id = :agencyId${filter.routeStatuses ? ' AND x.status IN (:...routeStatuses)' : ''})`, { agencyId: filter.agencyId, routeStatuses: filter.routeStatuses });
    else if (filter.routeStatuses) qb.andWhere('EXISTS (SELECT 1 FROM referral_route x WHERE x.referral_id = r.id AND x.status IN (:...routeStatuses))', { routeStatuses: filter.routeStatuses });
    return qb.getMany();
  }
}
