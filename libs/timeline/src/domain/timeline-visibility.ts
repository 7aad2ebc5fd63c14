export interface Viewer {
  role: string;
  agencyId?: string;
}

/** What one viewer may see of a family's timeline. */
export type VisibilityScope =
  | { kind: 'everything' }
  | { kind: 'agency'; agencyId: string; familyWide: boolean }
  | { kind: 'nothing' };

const SEE_EVERYTHING = new Set(['coordinator', 'safeguarding-lead', 'admin']);
const AGENCY_ROLES = new Set(['practitioner', 'agency-system']);

/**
 * Hub roles see the whole timeline. An agency sees entries about its own routes and actions, and
 * family-wide entries only while sharing with it is permitted (consent or a safeguarding override).
 */
export function visibilityFor(viewer: Viewer, sharingPermitted: boolean): VisibilityScope {
  if (SEE_EVERYTHING.has(viewer.role)) return { kind: 'everything' };
  if (AGENCY_ROLES.has(viewer.role) && viewer.agencyId) return { kind: 'agency', agencyId: viewer.agencyId, familyWide: sharingPermitted };
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
      return entryAgencyIds === null ? scope.familyWide : entryAgencyIds.includes(scope.agencyId);
  }
}
