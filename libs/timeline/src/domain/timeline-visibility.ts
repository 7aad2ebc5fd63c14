import type { SharingLens } from '@tellonce/sharing-policy';

export interface Viewer {
  role: string;
  agencyId?: string;
}

/** What one viewer may see of a family's timeline. */
export type VisibilityScope =
  | { kind: 'everything' }
  /** `lenses`: the parts of the record sharing permits this agency to see; never empty. */
  | { kind: 'agency'; agencyId: string; lenses: readonly SharingLens[] }
  | { kind: 'nothing' };

const SEE_EVERYTHING = new Set(['coordinator', 'safeguarding-lead', 'admin']);
const AGENCY_ROLES = new Set(['practitioner', 'agency-system']);

/**
 * Hub roles see the whole timeline. An agency sees the family while sharing permits it at least one
 * part of the record (`permitted`: the referral part, the plan part, judged as the referrals and
 * plans APIs judge them). Then it sees the entries of the parts permitted, of its own routes and
 * actions and family-wide, never other agencies'. Without any, nothing, not even its own routes (a
 * route that waited for consent, or one cancelled when consent was withdrawn), so the answer is the
 * same 404 as for a family it never heard of.
 */
export function visibilityFor(viewer: Viewer, permitted: readonly SharingLens[]): VisibilityScope {
  if (SEE_EVERYTHING.has(viewer.role)) return { kind: 'everything' };
  if (AGENCY_ROLES.has(viewer.role) && viewer.agencyId && permitted.length > 0) return { kind: 'agency', agencyId: viewer.agencyId, lenses: permitted };
  return { kind: 'nothing' };
}

/**
 * Which part of the record an entry tells of: referral and route entries the referral part, plan
 * entries the plan part, a webhook delivery the part of the event it delivered. Null for the rest
 * (the family, its members, consents, overrides): shown to an agency that may see any part.
 * The repository mirrors this in SQL (`LENS_SQL`); an integration test holds the two together.
 */
export function lensOf(type: string, data: unknown): SharingLens | null {
  if (type.startsWith('referral.')) return 'referral';
  if (type.startsWith('plan.')) return 'plan';
  if (type === 'notification.webhook-delivery') {
    const delivered = typeof data === 'object' && data !== null ? (data as { eventType?: unknown }).eventType : undefined;
    return typeof delivered === 'string' && delivered.startsWith('plan.') ? 'plan' : 'referral';
  }
  return null;
}

/** The same rule on one entry (the repository applies it in SQL; this is the reference). */
export function canSee(scope: VisibilityScope, entry: { agencyIds: readonly string[] | null; lens: SharingLens | null }): boolean {
  switch (scope.kind) {
    case 'everything':
      return true;
    case 'nothing':
      return false;
    case 'agency':
      return (entry.agencyIds === null || entry.agencyIds.includes(scope.agencyId)) && (entry.lens === null || scope.lenses.includes(entry.lens));
  }
}
