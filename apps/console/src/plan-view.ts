// What the plan page (/plans/:id) works out from a plan: who may move which action to what, what is
// overdue, how far an outcome has moved. Plain functions (no React), unit-tested in plan-view.spec.ts.
import { AGENCY_ROLES, type Session } from './session';
import type { Plan, PlanAction } from './types';

/**
 * The plans service's action table (libs/plans/src/domain/action-transitions.ts): where an action may
 * go from each status; done and cancelled are final. plan-view.spec.ts fails if the two part.
 */
export const ACTION_TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  open: ['in-progress', 'blocked', 'cancelled', 'done'],
  'in-progress': ['done', 'blocked', 'cancelled'],
  blocked: ['in-progress', 'cancelled'],
  done: [],
  cancelled: [],
};

export interface ActionMove {
  to: string;
  label: string;
  kind?: 'secondary' | 'warning';
}

/** The button for each move, in the order the buttons show: the usual next step first. */
const MOVE_ORDER = ['in-progress', 'done', 'blocked', 'cancelled'];

function moveFor(from: string, to: string): ActionMove {
  switch (to) {
    case 'in-progress':
      return { to, label: from === 'blocked' ? 'Resume' : 'Start' };
    case 'done':
      return { to, label: 'Mark done' };
    case 'blocked':
      return { to, label: 'Mark blocked', kind: 'secondary' };
    case 'cancelled':
      return { to, label: 'Cancel action', kind: 'warning' };
    default:
      return { to, label: to };
  }
}

/**
 * Whether the caller may move this action at all, as the plans service decides: the action's own
 * agency (practitioner or agency system), a coordinator or an admin. A safeguarding lead may read a
 * plan but not move its actions (the gateway refuses the POST for that role).
 */
export function mayMoveAction(session: Pick<Session, 'role' | 'agencyId'>, action: Pick<PlanAction, 'agencyId'>): boolean {
  if (session.role === 'coordinator' || session.role === 'admin') return true;
  return AGENCY_ROLES.includes(session.role) && !!session.agencyId && session.agencyId === action.agencyId;
}

/** The moves to offer on one action now: none on a closed plan, none to someone who may not move it. */
export function actionMovesFor(session: Pick<Session, 'role' | 'agencyId'>, plan: Pick<Plan, 'status'>, action: Pick<PlanAction, 'agencyId' | 'status'>): ActionMove[] {
  if (plan.status !== 'open' || !mayMoveAction(session, action)) return [];
  const targets = ACTION_TRANSITIONS[action.status] ?? [];
  return [...targets].sort((a, b) => MOVE_ORDER.indexOf(a) - MOVE_ORDER.indexOf(b)).map((to) => moveFor(action.status, to));
}

/** The hub's time zone: due and review dates are local days there, as the plans service reads them. */
const HUB_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in the hub, yyyy-mm-dd. */
export function hubToday(now: Date = new Date()): string {
  return HUB_DATE.format(now);
}

/**
 * An action on an open plan, still to do (not done or cancelled), whose due day has gone by; due today
 * is not overdue. The plans service's overdue scan counts the same actions.
 */
export function isActionOverdue(plan: Pick<Plan, 'status'>, action: Pick<PlanAction, 'status' | 'dueDate'>, today: string): boolean {
  return plan.status === 'open' && (ACTION_TRANSITIONS[action.status]?.length ?? 0) > 0 && !!action.dueDate && action.dueDate < today;
}

/** An open plan whose next review day has gone by. */
export function isReviewOverdue(plan: Pick<Plan, 'status' | 'nextReviewDate'>, today: string): boolean {
  return plan.status === 'open' && !!plan.nextReviewDate && plan.nextReviewDate < today;
}

/** Distance travelled on one outcome, in words: first score to latest, oldest review first. */
export function describeDistance(points: readonly { at: string; score: number }[] | undefined): string {
  if (!points?.length) return 'Not scored yet.';
  const ordered = [...points].sort((a, b) => a.at.localeCompare(b.at));
  const first = ordered[0].score;
  const latest = ordered[ordered.length - 1].score;
  if (ordered.length === 1) return `Scored ${latest} out of 10 at the first review.`;
  const change = latest - first;
  const how = change > 0 ? `up ${change}` : change < 0 ? `down ${-change}` : 'no change';
  return `From ${first} to ${latest} out of 10 over ${ordered.length} reviews (${how}).`;
}
