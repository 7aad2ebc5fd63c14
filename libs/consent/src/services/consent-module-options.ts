import type { Clock } from '../domain/clock';

export interface ConsentModuleOptions {
  /** How often the expiry sweep runs; 0 turns the timer off (call ConsentExpiryService.sweep yourself). */
  expirySweepMs: number;
  /** Replaces the system clock (tests). */
  clock?: Clock;
}

export const CONSENT_MODULE_OPTIONS = Symbol('CONSENT_MODULE_OPTIONS');
