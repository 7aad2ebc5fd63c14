import type { SharingQuery } from './decide-sharing';

/**
 * The question each part of a family's record asks of the sharing policy. The referrals API shares
 * a referral for the purpose `referral`; the plans API shares a plan for the purpose `plan` and the
 * data category `plan`, as partner events about plans are sent. The timeline asks both, entry by
 * entry, so it never shows more (or less) than those APIs do.
 */
export const SHARING_LENSES = {
  referral: { purpose: 'referral' },
  plan: { purpose: 'plan', dataCategory: 'plan' },
} as const satisfies Record<string, Pick<SharingQuery, 'purpose' | 'dataCategory'>>;

export type SharingLens = keyof typeof SHARING_LENSES;
