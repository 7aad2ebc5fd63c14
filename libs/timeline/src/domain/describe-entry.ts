import { asEventData, EventData, object, objects, text, texts } from './event-data';

export interface EntryActor {
  sub: string;
  role: string;
  agencyId?: string;
}

export interface EntrySubject {
  kind: string;
  id: string;
}

/** Where an event lands on the timeline and who may see it; null when it concerns no family. */
export interface EntryDescription {
  familyId: string;
  subject: EntrySubject;
  actor: EntryActor;
  /** Agencies the entry is about (their own route or action); null = family-wide, shown as sharing permits. */
  agencyIds: string[] | null;
  /** Agency and service ids the summary names: re-rendered when the directory renames one. */
  mentions: string[];
}

/** Subject per timeline type; other types use the first id field found in SUBJECT_FIELDS. */
const SUBJECTS: Record<string, { kind: string; field: string }> = {
  'family.registered': { kind: 'family', field: 'familyId' },
  'family.member-added': { kind: 'person', field: 'personId' },
  'referral.raised': { kind: 'referral', field: 'referralId' },
  'referral.route.status-changed': { kind: 'referral-route', field: 'routeId' },
  'consent.granted': { kind: 'consent', field: 'consentId' },
  'consent.withdrawn': { kind: 'consent', field: 'consentId' },
  'consent.expired': { kind: 'consent', field: 'consentId' },
  'safeguarding.override-recorded': { kind: 'safeguarding-override', field: 'overrideId' },
  'notification.webhook-delivery': { kind: 'webhook-delivery', field: 'sourceEventId' },
};

/** Most specific first: an action event names its plan too, a delivery its subscription. */
const SUBJECT_FIELDS: { field: string; kind: string }[] = [
  { field: 'deliveryId', kind: 'delivery' },
  { field: 'notificationId', kind: 'notification' },
  { field: 'actionId', kind: 'plan-action' },
  { field: 'reviewId', kind: 'plan-review' },
  { field: 'planId', kind: 'plan' },
  { field: 'routeId', kind: 'referral-route' },
  { field: 'referralId', kind: 'referral' },
  { field: 'consentId', kind: 'consent' },
  { field: 'overrideId', kind: 'safeguarding-override' },
  { field: 'subscriptionId', kind: 'subscription' },
  { field: 'personId', kind: 'person' },
];

function subjectOf(type: string, data: EventData, familyId: string): EntrySubject {
  const known = SUBJECTS[type];
  const knownId = known && text(data, known.field);
  if (known && knownId) return { kind: known.kind, id: knownId };
  for (const candidate of SUBJECT_FIELDS) {
    const id = text(data, candidate.field);
    if (id) return { kind: candidate.kind, id };
  }
  return { kind: 'family', id: familyId };
}

function actorOf(data: EventData): EntryActor {
  const actor = object(data, 'actor');
  const sub = actor && text(actor, 'sub');
  const role = actor && text(actor, 'role');
  if (!actor || !sub || !role) return { sub: 'system', role: 'system' };
  const agencyId = text(actor, 'agencyId');
  return agencyId ? { sub, role, agencyId } : { sub, role };
}

function mentionsOf(data: EventData): string[] {
  const ids = [
    text(data, 'agencyId'),
    text(data, 'serviceId'),
    text(data, 'leadAgencyId'),
    ...texts(data, 'agencyIds'),
    ...objects(data, 'routes').flatMap((route) => [text(route, 'agencyId'), text(route, 'serviceId')]),
  ];
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

/**
 * An event concerns a family when its data names one (`familyId`). Events about one agency's route,
 * action or delivery carry that agency's `agencyId` and are shown to it; the rest is family-wide.
 */
export function describeEntry(type: string, rawData: unknown): EntryDescription | null {
  const data = asEventData(rawData);
  const familyId = text(data, 'familyId');
  if (!familyId) return null;
  const agencyId = text(data, 'agencyId');
  return {
    familyId,
    subject: subjectOf(type, data, familyId),
    actor: actorOf(data),
    agencyIds: agencyId ? [agencyId] : null,
    mentions: mentionsOf(data),
  };
}
