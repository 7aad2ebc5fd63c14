/** Event types a partner may subscribe to (public contract: never rename). */
export const PARTNER_EVENT_TYPES = ['referral.route.requested', 'referral.route.updated', 'referral.route.cancelled', 'plan.action.assigned'] as const;
export type PartnerEventType = (typeof PARTNER_EVENT_TYPES)[number];

export function isPartnerEventType(value: string): value is PartnerEventType {
  return (PARTNER_EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * The partner event for a route status change: entering `requested` (the agency may now act) and
 * `cancelled` have their own types; every other move is an update.
 */
export function partnerTypeForRouteChange(to: string): PartnerEventType {
  if (to === 'requested') return 'referral.route.requested';
  if (to === 'cancelled') return 'referral.route.cancelled';
  return 'referral.route.updated';
}

/** Consent purpose a partner event is shared under. */
export function sharingPurposeOf(type: PartnerEventType): 'referral' | 'plan' {
  return type === 'plan.action.assigned' ? 'plan' : 'referral';
}
