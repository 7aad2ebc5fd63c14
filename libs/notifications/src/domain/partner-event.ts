import type { DataCategory } from '@tellonce/contracts';
import { deterministicUuid } from './deterministic-id';
import type { PartnerEventType } from './partner-event-types';

/** Partner payload for route events: ids and codes only (no story, no contact details). */
export interface RoutePartnerData {
  referralId: string;
  routeId: string;
  familyId: string;
  agencyId: string;
  needCodes: string[];
  status: string;
  urgency: 'routine' | 'urgent';
  /** A reason code (`out-of-area`, `consent-withdrawn`), never free text (`isCode`). */
  reason?: string;
}

export interface ActionPartnerData {
  planId: string;
  actionId: string;
  familyId: string;
  agencyId: string;
  dueDate: string;
  outcomeId?: string;
}

/**
 * One thing an agency should hear about, derived from one domain event. Everything partners get
 * (webhooks, partner topic, practitioner notices) is built from this after the sharing check.
 */
export interface PartnerEvent {
  sourceEventId: string;
  /** Distinguishes several partner events made from one source event (one per route). */
  sourceKey: string;
  type: PartnerEventType;
  time: string;
  familyId: string;
  agencyId: string;
  purpose: 'referral' | 'plan';
  /** The category the payload belongs to; if a later version adds story or contact, check those too. */
  dataCategory: DataCategory;
  urgency: 'routine' | 'urgent';
  subject: { kind: 'route' | 'action'; id: string };
  data: RoutePartnerData | ActionPartnerData;
  correlationId: string;
}

export const PARTNER_EVENT_SOURCE = 'tellonce/notifications';

/** Id of the partner event for one destination ("webhook:<subscriptionId>" or "kafka:<agencyId>"). */
export function partnerEventId(event: PartnerEvent, destination: string): string {
  return deterministicUuid(event.sourceEventId, event.sourceKey, destination);
}

/** Structured-mode CloudEvent (JSON object) as partners receive it. */
export function toPartnerCloudEvent(event: PartnerEvent, id: string): Record<string, unknown> {
  return {
    specversion: '1.0',
    id,
    source: PARTNER_EVENT_SOURCE,
    type: event.type,
    time: event.time,
    subject: `${event.subject.kind}/${event.subject.id}`,
    datacontenttype: 'application/json',
    partitionkey: event.familyId,
    correlationid: event.correlationId,
    causationid: event.sourceEventId,
    data: event.data,
  };
}
