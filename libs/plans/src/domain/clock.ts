/** The time source, a port so the overdue scan can be driven by a controllable clock in tests. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('PLANS_CLOCK');

export const systemClock: Clock = { now: () => new Date() };
