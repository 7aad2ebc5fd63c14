import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Referral, ReferralNeed, ReferralRoute, RouteHistory } from '../entities';

export interface ReferralListFilter {
  familyId?: string;
  status?: string;
  /** Referrals with a route to this agency. */
  agencyId?: string;
  /** Agency callers: only referrals whose route to this agency the (family, agency) pair permits. */
  visibleToAgency?: { agencyId: string; permittedFamilyIds: string[] };
  afterSeq?: string;
  limit: number;
}

export interface RouteChange {
  status: string;
  reason: string | null;
  outcome: string | null;
}

@Injectable()
export class ReferralsRepository {
  async referenceTaken(reference: string, manager: EntityManager): Promise<boolean> {
    return manager.exists(Referral, { where: { reference } });
  }

  async insert(referral: Referral, routes: ReferralRoute[], needs: ReferralNeed[], manager: EntityManager): Promise<void> {
    await manager.insert(Referral, referral);
    if (routes.length) await manager.insert(ReferralRoute, routes);
    if (needs.length) await manager.insert(ReferralNeed, needs);
  }

  find(id: string, manager: EntityManager): Promise<Referral | null> {
    return manager.findOneBy(Referral, { id });
  }

  findByPlan(planId: string, manager: EntityManager): Promise<Referral | null> {
    return manager.findOneBy(Referral, { planId });
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

  /** Families for which this agency holds at least one route. */
  async familiesRoutedTo(agencyId: string, manager: EntityManager): Promise<string[]> {
    const rows: { family_id: string }[] = await manager.query('SELECT DISTINCT family_id FROM referral_route WHERE agency_id = $1', [agencyId]);
    return rows.map((r) => r.family_id);
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
    if (filter.agencyId) qb.andWhere('EXISTS (SELECT 1 FROM referral_route x WHERE x.referral_id = r.id AND x.agency_id = :agencyId)', { agencyId: filter.agencyId });
    if (filter.visibleToAgency) {
      if (filter.visibleToAgency.permittedFamilyIds.length === 0) return [];
      qb.andWhere('EXISTS (SELECT 1 FROM referral_route v WHERE v.referral_id = r.id AND v.agency_id = :visibleAgency)', { visibleAgency: filter.visibleToAgency.agencyId });
      qb.andWhere('r.family_id IN (:...permittedFamilyIds)', { permittedFamilyIds: filter.visibleToAgency.permittedFamilyIds });
    }
    return qb.getMany();
  }
}
