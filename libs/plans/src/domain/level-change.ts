import type { LevelOfNeed } from '@tellonce/contracts';

export interface LevelChangeInput {
  current: LevelOfNeed;
  to: LevelOfNeed;
  reason: string | undefined;
  leadAgencyId: string;
  /**
   * The hub's early-help agency, which takes the lead back when a plan steps down from specialist;
   * undefined when the directory does not know it as active: the lead then stays where it is.
   */
  earlyHelpAgencyId: string | undefined;
}

export type LevelChangeDecision =
  | { ok: true; leadAgencyId: string; leadHandedBack: boolean; direction: 'up' | 'down' }
  | { ok: false; code: 'same-level' | 'reason-required' };

const ORDER: Record<LevelOfNeed, number> = { universal: 0, 'early-help': 1, targeted: 2, specialist: 3 };

/** Stepping up or down a level of need. Pure; the caller persists history and emits the event. */
export function decideLevelChange(input: LevelChangeInput): LevelChangeDecision {
  if (!input.reason || input.reason.trim() === '') return { ok: false, code: 'reason-required' };
  if (input.to === input.current) return { ok: false, code: 'same-level' };
  const direction = ORDER[input.to] > ORDER[input.current] ? 'up' : 'down';
  const handBackTo = input.current === 'specialist' ? input.earlyHelpAgencyId : undefined;
  if (handBackTo === undefined || handBackTo === input.leadAgencyId) return { ok: true, leadAgencyId: input.leadAgencyId, leadHandedBack: false, direction };
  return { ok: true, leadAgencyId: handBackTo, leadHandedBack: true, direction };
}
