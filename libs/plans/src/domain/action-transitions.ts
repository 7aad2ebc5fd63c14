import type { PlanActionStatus } from '@tellonce/contracts';

/** Who is asking to move an action, relative to that action. */
export type ActionMover = 'action-agency' | 'other-agency' | 'coordinator' | 'admin' | 'other-role';
export const ACTION_MOVERS: readonly ActionMover[] = ['action-agency', 'other-agency', 'coordinator', 'admin', 'other-role'];

/** The statuses an action may be moved to through the API (`open` is only ever the start). */
export const ACTION_TARGETS = ['in-progress', 'done', 'blocked', 'cancelled'] as const;
export type ActionTarget = (typeof ACTION_TARGETS)[number];

/** done and cancelled are terminal. */
export const ACTION_TRANSITIONS: Readonly<Record<PlanActionStatus, readonly PlanActionStatus[]>> = {
  open: ['in-progress', 'blocked', 'cancelled', 'done'],
  'in-progress': ['done', 'blocked', 'cancelled'],
  blocked: ['in-progress', 'cancelled'],
  done: [],
  cancelled: [],
};

const MOVERS_ALLOWED: readonly ActionMover[] = ['action-agency', 'coordinator', 'admin'];

export type ActionTransitionDecision = { allowed: true } | { allowed: false; code: 'transition-not-allowed' | 'mover-not-allowed' };

/** Whether `mover` may move an action from `from` to `to`. Pure: the table above is the whole rule. */
export function decideActionTransition(from: PlanActionStatus, to: PlanActionStatus, mover: ActionMover): ActionTransitionDecision {
  if (!MOVERS_ALLOWED.includes(mover)) return { allowed: false, code: 'mover-not-allowed' };
  if (!ACTION_TRANSITIONS[from].includes(to)) return { allowed: false, code: 'transition-not-allowed' };
  return { allowed: true };
}

/** Statuses that still need doing: these can become overdue. */
export function isActionOutstanding(status: PlanActionStatus): boolean {
  return ACTION_TRANSITIONS[status].length > 0;
}
