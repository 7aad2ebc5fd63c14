import type { CloudEvent, RouteStatusChangedData } from '@tellonce/contracts';
import { partnerEventId, toPartnerCloudEvent } from './partner-event';
import { fromRouteStatusChanged } from './partner-event-builders';

const base: CloudEvent<RouteStatusChangedData> = {
  specversion: '1.0',
  id: 'evt-1',
  source: 'tellonce/referrals',
  type: 'tellonce.referral.route.status-changed.v1',
  time: '2025-01-01T00:00:00.000Z',
  datacontenttype: 'application/json',
  partitionkey: 'fam-1',
  correlationid: 'corr-1',
  data: {
    referralId: 'ref-1',
    familyId: 'fam-1',
    routeId: 'route-1',
    agencyId: 'agency-a',
    serviceId: 'svc-1',
    needCodes: ['housing'],
    urgency: 'urgent',
    from: 'awaiting-consent',
    to: 'requested',
    actor: { sub: 'system', role: 'system' },
  },
};

describe('partner events from route changes', () => {
  it.each([
    ['requested', 'referral.route.requested'],
    ['cancelled', 'referral.route.cancelled'],
    ['accepted', 'referral.route.updated'],
  ])('to %s is %s, ids and codes only', (to, type) => {
    const event = fromRouteStatusChanged({ ...base, data: { ...base.data, to } });
    expect(event.type).toBe(type);
    expect(event.agencyId).toBe('agency-a');
    expect(Object.keys(event.data).sort()).toEqual(['agencyId', 'familyId', 'needCodes', 'referralId', 'routeId', 'status', 'urgency']);
  });

  it('carries a reason code, never free text (which may name people)', () => {
    const freeText = fromRouteStatusChanged({ ...base, data: { ...base.data, to: 'cancelled', reason: 'Mum moved to Leeds with the children' } });
    expect(freeText.data).not.toHaveProperty('reason');
    expect(JSON.stringify(freeText)).not.toContain('Leeds');
    const coded = fromRouteStatusChanged({ ...base, data: { ...base.data, to: 'rejected', reason: 'out-of-area' } });
    expect(coded.data).toMatchObject({ reason: 'out-of-area' });
  });

  it('keeps the reason and builds a structured CloudEvent with a deterministic id per destination', () => {
    const event = fromRouteStatusChanged({ ...base, data: { ...base.data, to: 'cancelled', reason: 'consent-withdrawn' } });
    const id = partnerEventId(event, 'webhook:s1');
    expect(partnerEventId(event, 'webhook:s1')).toBe(id);
    expect(partnerEventId(event, 'webhook:s2')).not.toBe(id);
    const ce = toPartnerCloudEvent(event, id);
    expect(ce).toMatchObject({ specversion: '1.0', id, type: 'referral.route.cancelled', data: { reason: 'consent-withdrawn', status: 'cancelled' } });
  });
});
