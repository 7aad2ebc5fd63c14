import { CloudEvent, isCode, PlanActionAssignedData, RaisedRoute, ReferralRaisedData, RouteStatusChangedData } from '@tellonce/contracts';
import type { PartnerEvent, RoutePartnerData } from './partner-event';
import { partnerTypeForRouteChange } from './partner-event-types';

/** A route status change, as its agency hears it. */
export function fromRouteStatusChanged(event: CloudEvent<RouteStatusChangedData>): PartnerEvent {
  const d = event.data;
  const data: RoutePartnerData = { referralId: d.referralId, routeId: d.routeId, familyId: d.familyId, agencyId: d.agencyId, needCodes: [...d.needCodes], status: d.to, urgency: d.urgency };
  // A reason code travels; free text (it may name people) is read from the referral, as sharing allows.
  if (isCode(d.reason)) data.reason = d.reason;
  return {
    sourceEventId: event.id,
    sourceKey: d.routeId,
    type: partnerTypeForRouteChange(d.to),
    time: event.time,
    familyId: d.familyId,
    agencyId: d.agencyId,
    purpose: 'referral',
    dataCategory: 'needs',
    urgency: d.urgency,
    subject: { kind: 'route', id: d.routeId },
    data,
    correlationId: event.correlationid,
  };
}

/** Routes of a new referral that are already `requested` (sharing was permitted when it was raised). */
export function fromReferralRaised(event: CloudEvent<ReferralRaisedData>): PartnerEvent[] {
  const d = event.data;
  return d.routes
    .filter((route: RaisedRoute) => route.status === 'requested')
    .map((route) => ({
      sourceEventId: event.id,
      sourceKey: route.routeId,
      type: 'referral.route.requested' as const,
      time: event.time,
      familyId: d.familyId,
      agencyId: route.agencyId,
      purpose: 'referral' as const,
      dataCategory: 'needs' as const,
      urgency: route.urgency,
      subject: { kind: 'route' as const, id: route.routeId },
      data: { referralId: d.referralId, routeId: route.routeId, familyId: d.familyId, agencyId: route.agencyId, needCodes: [...route.needCodes], status: route.status, urgency: route.urgency },
      correlationId: event.correlationid,
    }));
}

export function fromPlanActionAssigned(event: CloudEvent<PlanActionAssignedData>): PartnerEvent {
  const d = event.data;
  return {
    sourceEventId: event.id,
    sourceKey: d.actionId,
    type: 'plan.action.assigned',
    time: event.time,
    familyId: d.familyId,
    agencyId: d.agencyId,
    purpose: 'plan',
    dataCategory: 'plan',
    urgency: 'routine',
    subject: { kind: 'action', id: d.actionId },
    data: { planId: d.planId, actionId: d.actionId, familyId: d.familyId, agencyId: d.agencyId, dueDate: d.dueDate, ...(d.outcomeId ? { outcomeId: d.outcomeId } : {}) },
    correlationId: event.correlationid,
  };
}
