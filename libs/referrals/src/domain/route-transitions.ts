import type { RouteStatus } from '@tellonce/contracts';

/**
 * Who may move a route. `agency` means a practitioner or agency-system of the ROUTE'S agency (the
 * use case checks the agency match; a foreign agency gets 404 before this table is consulted).
 * `hub` is a coordinator or admin; `system` is the service itself acting on consent events.
 */
export type TransitionActorKind = 'agency' | 'hub' | 'system';

export const OPEN_ROUTE_STATUSES: readonly RouteStatus[] = ['awaiting-consent', 'requested', 'accepted', 'in-progress', 'on-hold'];
export const TERMINAL_ROUTE_STATUSES: readonly RouteStatus[] = ['completed', 'failed', 'rejected', 'cancelled'];

export interface TransitionRule {
  from: RouteStatus;
  to: RouteStatus;
  by: TransitionActorKind;
  /** The move must carry a reason (a rejection says why). */
  reasonRequired?: boolean;
  /** The move may carry an outcome (completion or failure). */
  outcomeAllowed?: boolean;
}

const agencyMoves: TransitionRule[] = [
  { from: 'requested', to: 'accepted', by: 'agency' },
  { from: 'requested', to: 'rejected', by: 'agency', reasonRequired: true },
  { from: 'accepted', to: 'in-progress', by: 'agency' },
  { from: 'in-progress', to: 'on-hold', by: 'agency' },
  { from: 'on-hold', to: 'in-progress', by: 'agency' },
  ...(['accepted', 'in-progress', 'on-hold'] as const).flatMap((from): TransitionRule[] => [
    { from, to: 'completed', by: 'agency', outcomeAllowed: true },
    { from, to: 'failed', by: 'agency', outcomeAllowed: true },
  ]),
];

/** THE route lifecycle (after FHIR Task). Anything not listed here is a 409. */
export const ROUTE_TRANSITIONS: readonly TransitionRule[] = [
  { from: 'awaiting-consent', to: 'requested', by: 'system' },
  ...agencyMoves,
  ...OPEN_ROUTE_STATUSES.flatMap((from): TransitionRule[] => [
    { from, to: 'cancelled', by: 'hub' },
    { from, to: 'cancelled', by: 'system' },
  ]),
];

/** Maps a caller's role to the kind of actor the table speaks of; roles with no say map to null. */
export function actorKindOf(role: string): TransitionActorKind | null {
  if (role === 'practitioner' || role === 'agency-system') return 'agency';
  if (role === 'coordinator' || role === 'admin') return 'hub';
  if (role === 'system') return 'system';
  return null;
}

/**
 * `role-not-allowed` (403): the role never makes a move to `to`, from any status (a coordinator
 * accepting, an agency cancelling). `not-allowed` (409): the role makes such moves, but not from here.
 */
export type TransitionVerdict = { allowed: true; rule: TransitionRule } | { allowed: false; problem: 'role-not-allowed' | 'not-allowed' | 'reason-required' | 'outcome-not-allowed' };

export function findTransition(from: RouteStatus, to: RouteStatus, role: string): TransitionRule | undefined {
  const kind = actorKindOf(role);
  if (!kind) return undefined;
  return ROUTE_TRANSITIONS.find((rule) => rule.from === from && rule.to === to && rule.by === kind);
}

export function checkTransition(from: RouteStatus, to: RouteStatus, role: string, input: { reason?: string; outcome?: string } = {}): TransitionVerdict {
  const rule = findTransition(from, to, role);
  if (!rule) {
    const kind = actorKindOf(role);
    const roleMakesSuchMoves = ROUTE_TRANSITIONS.some((r) => r.to === to && r.by === kind);
    return { allowed: false, problem: roleMakesSuchMoves ? 'not-allowed' : 'role-not-allowed' };
  }
  if (rule.reasonRequired && !input.reason?.trim()) return { allowed: false, problem: 'reason-required' };
  if (input.outcome !== undefined && !rule.outcomeAllowed) return { allowed: false, problem: 'outcome-not-allowed' };
  return { allowed: true, rule };
}

export function isOpenRouteStatus(status: string): boolean {
  return (OPEN_ROUTE_STATUSES as readonly string[]).includes(status);
}

/** A referral stays open while any route is open (or while it has no routes: unmet needs still need a coordinator). */
export function referralStatusOf(routeStatuses: readonly string[]): 'open' | 'closed' {
  return routeStatuses.length > 0 && routeStatuses.every((s) => !isOpenRouteStatus(s)) ? 'closed' : 'open';
}
