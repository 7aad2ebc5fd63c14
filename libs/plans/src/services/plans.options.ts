import type { Clock } from '../domain/clock';

/** What the plans feature needs from its app's configuration. */
export interface PlansOptions {
  /** The hub's early-help agency: takes the lead back when a plan steps down from specialist. */
  earlyHelpAgencyId: string;
  redisUrl: string;
  /** How often the overdue scan runs (repeatable BullMQ job); 0 disables the schedule. */
  overdueScanEveryMs: number;
  /** Tests pass a controllable clock; production uses the system clock. */
  clock?: Clock;
}

export const PLANS_OPTIONS = Symbol('PLANS_OPTIONS');
