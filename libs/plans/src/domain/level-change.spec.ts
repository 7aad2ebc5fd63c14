import { LEVELS_OF_NEED, LevelOfNeed } from '@tellonce/contracts';
import { decideLevelChange } from './level-change';

const EARLY_HELP = 'early-help-team';
const LEAD = 'agency-lead';
const RANK: Record<LevelOfNeed, number> = { universal: 0, 'early-help': 1, targeted: 2, specialist: 3 };

const pairs: [LevelOfNeed, LevelOfNeed][] = LEVELS_OF_NEED.flatMap((from) => LEVELS_OF_NEED.map((to): [LevelOfNeed, LevelOfNeed] => [from, to]));

describe('decideLevelChange', () => {
  it.each(pairs)('%s -> %s with a reason', (current, to) => {
    const decision = decideLevelChange({ current, to, reason: 'Review agreed', leadAgencyId: LEAD, earlyHelpAgencyId: EARLY_HELP });
    if (current === to) {
      expect(decision).toEqual({ ok: false, code: 'same-level' });
      return;
    }
    const handedBack = current === 'specialist';
    expect(decision).toEqual({
      ok: true,
      leadAgencyId: handedBack ? EARLY_HELP : LEAD,
      leadHandedBack: handedBack,
      direction: RANK[to] > RANK[current] ? 'up' : 'down',
    });
  });

  it('keeps the lead where it is when the early-help agency is not an active agency of the directory', () => {
    expect(decideLevelChange({ current: 'specialist', to: 'targeted', reason: 'Risk reduced', leadAgencyId: LEAD, earlyHelpAgencyId: undefined })).toEqual({
      ok: true,
      leadAgencyId: LEAD,
      leadHandedBack: false,
      direction: 'down',
    });
  });

  it('does not hand the lead back to the agency that already holds it (its named lead stays)', () => {
    expect(decideLevelChange({ current: 'specialist', to: 'early-help', reason: 'Risk reduced', leadAgencyId: EARLY_HELP, earlyHelpAgencyId: EARLY_HELP })).toMatchObject({
      leadAgencyId: EARLY_HELP,
      leadHandedBack: false,
    });
  });

  it.each([undefined, '', '   '])('requires a reason (%p)', (reason) => {
    expect(decideLevelChange({ current: 'early-help', to: 'specialist', reason, leadAgencyId: LEAD, earlyHelpAgencyId: EARLY_HELP })).toEqual({
      ok: false,
      code: 'reason-required',
    });
  });

  it('checks the reason before the level', () => {
    expect(decideLevelChange({ current: 'targeted', to: 'targeted', reason: '', leadAgencyId: LEAD, earlyHelpAgencyId: EARLY_HELP })).toEqual({
      ok: false,
      code: 'reason-required',
    });
  });
});
