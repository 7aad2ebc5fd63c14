import type { SharingQuery } from './decide-sharing';

/**
 * The question each part of a family's record asks of the sharing policy. The referrals API shares
 * a referral for the purpose `referral`; the plans API shares a plan as the data category `plan`.
 * The timeline asks both, entry by entry, so it never shows more (or less) than those APIs do.
 */
export const SHARING_LENSES = {
  referral: { purpose: 'referral' },
  plan: { dataCategory: 'plan' },
} as const satisfies Record<string, Pick<SharingQuery, 'purpose' | 'dataCategory'>>;

export type SharingLens = keyof typeof SHARING_LENSES;
