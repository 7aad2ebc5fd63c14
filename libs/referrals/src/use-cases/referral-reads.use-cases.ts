import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail } from '@tellonce/messaging';
import { isAgencyRole, notFound, Principal } from '@tellonce/platform';
import type { SharingDecision } from '@tellonce/sharing-policy';
import type { DataSource, EntityManager } from 'typeorm';
import { OPEN_ROUTE_STATUSES, referralStatusOf, TERMINAL_ROUTE_STATUSES } from '../domain/route-transitions';
import { Family, Referral, ReferralNeed, ReferralRoute } from '../entities';
import { FamiliesRepository, ReferralsRepository } from '../repositories';
import { decodeCursor, isUuid, page, pageOfKept } from './cursor';
import { needView, REFERRAL_ENDPOINTS, referralView } from './referrals.use-cases';
import { routeView } from './route-mover';
import { SharingViewService } from './sharing-view.service';

/** Rows of an agency's referrals one list request reads at most, whatever sharing lets it see of them. */
export const AGENCY_LIST_SCAN_LIMIT = 2000;

export interface ReferralListQuery {
  familyId?: string;
  status?: string;
  agencyId?: string;
  limit?: number;
  cursor?: string;
}

/**
 * Scoped reads. Hub roles (coordinator, safeguarding lead, admin) see the whole referral. An agency
 * sees a referral only through its own route, only while sharing with it is permitted, and then
 * only its route's needs; the story and the family's contact details only if those categories are
 * shared. Everything else is a 404, and every read or denial is audited.
 */
@Injectable()
export class ReferralReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referrals: ReferralsRepository,
    private readonly families: FamiliesRepository,
    private readonly sharing: SharingViewService,
    private readonly audit: AuditTrail,
  ) {}

  async get(principal: Principal, id: string) {
    const manager = this.dataSource.manager;
    const referral = isUuid(id) ? await this.referrals.find(id, manager) : null;
    const deny = async (basis: string) => {
      await this.audit.record({ principal, action: 'read', endpoint: REFERRAL_ENDPOINTS.get, resource: { kind: 'referral', id: String(id).slice(0, 64) }, ...(referral ? { familyId: referral.familyId } : {}), outcome: 'denied', basis }, manager);
      return notFound('referral');
    };
    if (!referral) throw await deny('unknown-referral');
    const [needs, routes] = await Promise.all([this.referrals.needs([referral.id], manager), this.referrals.routes([referral.id], manager)]);
    if (isAgencyRole(principal)) {
      const route = routes.find((r) => r.agencyId === principal.agencyId);
      if (!route) throw await deny('no-route-to-agency');
      const decision = await this.sharing.decision(referral.familyId, route.agencyId, manager);
      if (!decision.permitted) throw await deny('sharing-not-permitted');
      await this.audit.record({ principal, action: 'read', endpoint: REFERRAL_ENDPOINTS.get, resource: { kind: 'referral', id: referral.id }, familyId: referral.familyId, outcome: 'allowed', basis: decision.basis }, manager);
      const family = decision.permittedCategories.includes('contact') ? await this.families.find(referral.familyId, manager) : null;
      return this.agencyView(referral, needs, route, decision, family);
    }
    await this.audit.record({ principal, action: 'read', endpoint: REFERRAL_ENDPOINTS.get, resource: { kind: 'referral', id: referral.id }, familyId: referral.familyId, outcome: 'allowed', basis: 'hub-role' }, manager);
    return referralView(referral, needs, routes);
  }

  async list(principal: Principal, query: ReferralListQuery) {
    const limit = query.limit ?? 20;
    const afterSeq = decodeCursor(query.cursor);
    if (query.familyId && !isUuid(query.familyId)) return { items: [], nextCursor: null };
    if (isAgencyRole(principal)) return this.listForAgency(principal, principal.agencyId ?? '', query, limit, afterSeq);
    const manager = this.dataSource.manager;
    const referralStatus = query.status === 'open' || query.status === 'closed' ? query.status : undefined;
    const routeStatuses = query.status && !referralStatus ? [query.status] : undefined;
    // A coordinator's list is its hub's (and its network points') referrals; asked about one family,
    // every referral of that family, wherever raised (families move; the whole picture is the point).
    const atHub = principal.role === 'coordinator' && !query.familyId ? (principal.hubId ?? '') : undefined;
    const rows = await this.referrals.list({ familyId: query.familyId, status: referralStatus, routeStatuses, agencyId: query.agencyId, atHub, afterSeq, limit }, manager);
    const [needs, routes] = await Promise.all([this.referrals.needs(rows.map((r) => r.id), manager), this.referrals.routes(rows.map((r) => r.id), manager)]);
    const items = [];
    for (const referral of rows) {
      await this.audit.record({ principal, action: 'read', endpoint: REFERRAL_ENDPOINTS.list, resource: { kind: 'referral', id: referral.id }, familyId: referral.familyId, outcome: 'allowed', basis: 'hub-role' }, manager);
      items.push(referralView(referral, needs.filter((n) => n.referralId === referral.id), routes.filter((r) => r.referralId === referral.id)));
    }
    return { items, nextCursor: page(rows, limit).nextCursor };
  }

  private async listForAgency(principal: Principal, agencyId: string, query: ReferralListQuery, limit: number, afterSeq: string | undefined) {
    const manager = this.dataSource.manager;
    // An agency asking about another agency's routes learns nothing: an empty page, audited as denied.
    if (query.agencyId && query.agencyId !== agencyId) {
      await this.audit.record({ principal, action: 'read', endpoint: REFERRAL_ENDPOINTS.list, resource: { kind: 'agency', id: query.agencyId.slice(0, 64) }, outcome: 'denied', basis: 'other-agency' }, manager);
      return { items: [], nextCursor: null };
    }
    // The status an agency sees is its route's (open while the route is): filtered in the query, so pages stay full.
    const routeStatuses = query.status === 'open' ? OPEN_ROUTE_STATUSES : query.status === 'closed' ? TERMINAL_ROUTE_STATUSES : query.status ? [query.status] : undefined;
    const { rows, decisions, nextCursor } = await this.permittedPage(agencyId, { familyId: query.familyId, routeStatuses }, limit, afterSeq, manager);
    const [needs, routes] = await Promise.all([this.referrals.needs(rows.map((r) => r.id), manager), this.referrals.routes(rows.map((r) => r.id), manager)]);
    const contactFamilies = rows.filter((r) => decisions.get(r.familyId)?.permittedCategories.includes('contact')).map((r) => r.familyId);
    const families = await Promise.all([...new Set(contactFamilies)].map((id) => this.families.find(id, manager)));
    const items = [];
    for (const referral of rows) {
      const route = routes.find((r) => r.referralId === referral.id && r.agencyId === agencyId);
      const decision = decisions.get(referral.familyId);
      if (!route || !decision) continue;
      const view = this.agencyView(referral, needs.filter((n) => n.referralId === referral.id), route, decision, families.find((f) => f?.id === referral.familyId) ?? null);
      await this.audit.record({ principal, action: 'read', endpoint: REFERRAL_ENDPOINTS.list, resource: { kind: 'referral', id: referral.id }, familyId: referral.familyId, outcome: 'allowed', basis: decision.basis }, manager);
      items.push(view);
    }
    return { items, nextCursor };
  }

  /**
   * One page of the referrals routed to an agency whose family it may see now. Sharing is decided
   * per run of rows for that run's families only: an agency may have been routed tens of thousands
   * of families, too many to decide for (or to name in one statement) on every request.
   */
  private async permittedPage(agencyId: string, filter: { familyId?: string; routeStatuses?: readonly string[] }, limit: number, afterSeq: string | undefined, manager: EntityManager) {
    const decisions = new Map<string, SharingDecision>();
    const { rows, nextCursor } = await pageOfKept(
      (from, n) => this.referrals.list({ ...filter, agencyId, afterSeq: from, limit: n }, manager),
      async (run) => {
        const undecided = [...new Set(run.map((r) => r.familyId))].filter((f) => !decisions.has(f));
        for (const [familyId, decision] of await this.sharing.decisions(agencyId, undecided, manager)) decisions.set(familyId, decision);
        return (row) => decisions.get(row.familyId)?.permitted === true;
      },
      { limit, afterSeq, scanLimit: AGENCY_LIST_SCAN_LIMIT },
    );
    return { rows, decisions, nextCursor };
  }

  /** What one agency may see: its route, that route's needs, story/contact only if shared. Status is its route's. */
  private agencyView(referral: Referral, needs: ReferralNeed[], route: ReferralRoute, decision: SharingDecision, family: Family | null) {
    return {
      id: referral.id,
      reference: referral.reference,
      familyId: referral.familyId,
      hubId: referral.hubId,
      channel: referral.channel,
      status: referralStatusOf([route.status]),
      createdAt: referral.createdAt,
      ...(decision.permittedCategories.includes('story') ? { story: referral.story } : {}),
      ...(family
        ? {
            contact: { ...(family.phone ? { phone: family.phone } : {}), ...(family.email ? { email: family.email } : {}) },
            address: { postcode: family.postcode, ...(family.addressLine1 ? { line1: family.addressLine1 } : {}) },
          }
        : {}),
      needs: needs.filter((n) => n.routeId === route.id).map(needView),
      routes: [routeView(route)],
      sharedCategories: decision.permittedCategories,
    };
  }
}
