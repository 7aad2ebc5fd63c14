/** `tellonce.referral.route.status-changed.v1` -> `referral.route.status-changed`: the name clients filter on. */
export function timelineTypeOf(cloudEventType: string): string {
  return cloudEventType.replace(/^tellonce\./, '').replace(/\.v\d+$/, '');
}

/** `tellonce/referrals` -> `referrals`: the producing service. */
export function sourceServiceOf(cloudEventSource: string): string {
  return cloudEventSource.replace(/^tellonce\//, '');
}
