export interface Viewer {
  role: string;
  agencyId?: string;
}

/** What one viewer may see of a family's timeline. */
export type VisibilityScope =
  | { kind: 'everything' }
  | { kind: 'agency'; agencyId: string }
  | { kind: 'nothing' };

const SEE_EVERYTHING = new Set(['coordinator', 'safeguarding-lead', 'admin']);
const AGENCY_ROLES = new Set(['practitioner', 'agency-system']);

/**
 * Hub roles see the whole timeline. An agency sees the family only while sharing with it is
 * permitted (consent or a safeguarding override), judged for all purposes at once, as the timeline
 * mixes referrals, plans and deliveries: a refusal for any purpose refuses. Then it sees its own
 * routes and actions and the family-wide entries, never other agencies'. Without it, nothing, not
 * even its own routes (a route that waited for consent, or one cancelled when consent was
 * withdrawn), so the answer is the same 404 as for a family it never heard of.
 */
export function visibilityFor(viewer: Viewer, sharingPermitted: boolean): VisibilityScope {
  if (SEE_EVERYTHING.has(viewer.role)) return { kind: 'everything' };
  if (AGENCY_ROLES.has(viewer.role) && viewer.agencyId && sharingPermitted) return { kind: 'agency', agencyId: viewer.agencyId };
  return { kind: 'nothing' };
}

/** The same rule on one entry (the repository applies it in SQL; this is the reference). */
export function canSee(scope: VisibilityScope, entryAgencyIds: readonly string[] | null): boolean {
  switch (scope.kind) {
    case 'everything':
      return true;
    case 'nothing':
      return false;
    case 'agency':
      return entryAgencyIds === null || entryAgencyIds.includes(scope.agencyId);
  }
}
