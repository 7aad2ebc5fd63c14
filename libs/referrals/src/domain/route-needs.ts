/**
 * Routing: which agency service gets each need of a referral. Pure and deterministic, so the same
 * referral against the same directory always fans out the same way.
 */

export type Urgency = 'routine' | 'urgent';

export interface RoutableNeed {
  /** Caller's id for the need (the referral_need row id). */
  id: string;
  code: string;
  urgency: Urgency;
}

export interface RoutableHub {
  id: string;
  parentHubId?: string | null;
}

export interface RoutableService {
  id: string;
  agencyId: string;
  agencyActive: boolean;
  needs: readonly string[];
  hubIds: readonly string[];
  status: 'active' | 'inactive';
  capacity: 'open' | 'waitlist' | 'closed';
}

export interface PlannedRoute {
  agencyId: string;
  serviceId: string;
  needIds: string[];
  needCodes: string[];
  urgency: Urgency;
}

export interface RoutingPlan {
  routes: PlannedRoute[];
  /** need id -> index into `routes`, or null when no service can take it (unmet, shown to the coordinator). */
  assignment: Record<string, number | null>;
  unmetNeedCodes: string[];
}

const CAPACITY_RANK: Record<RoutableService['capacity'], number> = { open: 0, waitlist: 1, closed: 2 };

/** A network point is served by its parent hub's services (and by any listed for the point itself). */
/**
 * The order in which the directory lists services for a need: the service routing would pick comes
 * first (active, open before waitlist before closed, then id), so what people read matches what happens.
 */
export function byRoutingPreference(a: Pick<RoutableService, 'id' | 'status' | 'capacity'>, b: Pick<RoutableService, 'id' | 'status' | 'capacity'>): number {
  return Number(a.status !== 'active') - Number(b.status !== 'active') || CAPACITY_RANK[a.capacity] - CAPACITY_RANK[b.capacity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function hubsServing(hubId: string, hubs: readonly RoutableHub[]): string[] {
  const served = [hubId];
  let current = hubs.find((h) => h.id === hubId);
  const seen = new Set(served);
  while (current?.parentHubId && !seen.has(current.parentHubId)) {
    served.push(current.parentHubId);
    seen.add(current.parentHubId);
    const parentId: string = current.parentHubId;
    current = hubs.find((h) => h.id === parentId);
  }
  return served;
}

/**
 * For each need: an active service of an active agency offering that need at the referral's hub
 * (or its parent hub), never one with closed capacity. Preference: open before waitlist, then an
 * agency the referral already goes to (one route per agency, less fan-out), then service id.
 * Needs that land on the same agency share one route.
 */
export function routeNeeds(needs: readonly RoutableNeed[], hubId: string, hubs: readonly RoutableHub[], services: readonly RoutableService[]): RoutingPlan {
  const served = hubsServing(hubId, hubs);
  const routes: PlannedRoute[] = [];
  const assignment: Record<string, number | null> = {};
  const unmetNeedCodes: string[] = [];

  for (const need of needs) {
    const chosenAgencies = new Set(routes.map((r) => r.agencyId));
    const candidates = services
      .filter((s) => s.status === 'active' && s.agencyActive && s.capacity !== 'closed' && s.needs.includes(need.code) && s.hubIds.some((h) => served.includes(h)))
      .sort(
        (a, b) =>
          CAPACITY_RANK[a.capacity] - CAPACITY_RANK[b.capacity] ||
          Number(chosenAgencies.has(b.agencyId)) - Number(chosenAgencies.has(a.agencyId)) ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
    const service = candidates[0];
    if (!service) {
      assignment[need.id] = null;
      if (!unmetNeedCodes.includes(need.code)) unmetNeedCodes.push(need.code);
      continue;
    }
    let index = routes.findIndex((r) => r.agencyId === service.agencyId);
    if (index === -1) {
      routes.push({ agencyId: service.agencyId, serviceId: service.id, needIds: [], needCodes: [], urgency: 'routine' });
      index = routes.length - 1;
    }
    const route = routes[index];
    route.needIds.push(need.id);
    if (!route.needCodes.includes(need.code)) route.needCodes.push(need.code);
    if (need.urgency === 'urgent') route.urgency = 'urgent';
    assignment[need.id] = index;
  }
  return { routes, assignment, unmetNeedCodes };
}
