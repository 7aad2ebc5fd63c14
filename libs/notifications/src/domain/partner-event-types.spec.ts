import { ROUTE_STATUSES } from '@tellonce/contracts';
import { isPartnerEventType, partnerTypeForRouteChange, sharingPurposeOf } from './partner-event-types';

describe('partnerTypeForRouteChange', () => {
  it.each([
    ['requested', 'referral.route.requested'],
    ['cancelled', 'referral.route.cancelled'],
    ['accepted', 'referral.route.updated'],
    ['in-progress', 'referral.route.updated'],
    ['on-hold', 'referral.route.updated'],
    ['completed', 'referral.route.updated'],
    ['failed', 'referral.route.updated'],
    ['rejected', 'referral.route.updated'],
    ['awaiting-consent', 'referral.route.updated'],
  ])('to %s -> %s', (to, expected) => {
    expect(partnerTypeForRouteChange(to)).toBe(expected);
  });

  it('covers every route status', () => {
    for (const status of ROUTE_STATUSES) expect(isPartnerEventType(partnerTypeForRouteChange(status))).toBe(true);
  });

  it.each([
    ['referral.route.requested', true],
    ['plan.action.assigned', true],
    ['referral.raised', false],
    ['', false],
  ])('isPartnerEventType(%j) = %s', (value, expected) => {
    expect(isPartnerEventType(value)).toBe(expected);
  });

  it('shares plan actions under the plan purpose and routes under referral', () => {
    expect(sharingPurposeOf('plan.action.assigned')).toBe('plan');
    expect(sharingPurposeOf('referral.route.updated')).toBe('referral');
  });
});
