import { isCode, NEEDS } from '@tellonce/contracts';
import { asEventData, EventData, objects, text, texts } from './event-data';

/** Agency and service names from the directory view, by id. */
export interface DirectoryNames {
  agencies: ReadonlyMap<string, string>;
  services: ReadonlyMap<string, string>;
}

export const NO_NAMES: DirectoryNames = { agencies: new Map(), services: new Map() };

type Summariser = (data: EventData, names: DirectoryNames) => string;

const NEED_LABELS: ReadonlyMap<string, string> = new Map(NEEDS.map((need) => [need.code, need.label]));

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EVENT_NAME = /^[a-z0-9]+([.-][a-z0-9]+)*$/;

const date = (value: string | undefined) => (value && DATE.test(value) ? value : undefined);
const needLabel = (code: string) => NEED_LABELS.get(code) ?? code;
const list = (items: string[]) => items.join(', ');
const agencyName = (names: DirectoryNames, id: string | undefined) => (id && names.agencies.get(id)) || 'an agency';
const agencyNames = (names: DirectoryNames, ids: string[]) => (ids.length ? list(ids.map((id) => agencyName(names, id))) : 'no agency');
/** Codes (reasons, outcomes) may be shown; free text may name people, so it is never copied into a summary. */
const code = (value: string | undefined) => (isCode(value) ? value.replace(/-/g, ' ') : undefined);
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "Debt advice (Citizens Advice North)": the service, and the agency that runs it. */
function serviceWithAgency(data: EventData, names: DirectoryNames): string {
  const serviceId = text(data, 'serviceId');
  const service = (serviceId && names.services.get(serviceId)) || (texts(data, 'needCodes').length ? list(texts(data, 'needCodes').map(needLabel)) : 'A service');
  const agencyId = text(data, 'agencyId');
  const agency = agencyId && names.agencies.get(agencyId);
  return agency ? `${service} (${agency})` : service;
}

function routeStatusChanged(data: EventData, names: DirectoryNames): string {
  const who = serviceWithAgency(data, names);
  const from = text(data, 'from');
  const reason = code(text(data, 'reason'));
  const outcome = code(text(data, 'outcome'));
  switch (text(data, 'to')) {
    case 'requested':
      return `Referral sent to ${who}`;
    case 'accepted':
      return `${who} accepted the referral`;
    case 'rejected':
      return `${who} declined the referral${reason ? ` (${reason})` : ''}`;
    case 'in-progress':
      return from === 'on-hold' ? `${who} resumed work on the referral` : `${who} started work on the referral`;
    case 'on-hold':
      return `${who} put the referral on hold${reason ? ` (${reason})` : ''}`;
    case 'completed':
      return `${who} completed the referral${outcome ? ` (${outcome})` : ''}`;
    case 'failed':
      return `${who} could not complete the referral${reason ? ` (${reason})` : ''}`;
    case 'cancelled':
      return `Referral to ${who} cancelled${reason ? ` (${reason})` : ''}`;
    case 'awaiting-consent':
      return `Referral to ${who} is waiting for consent`;
    default:
      return `Referral to ${who} moved from ${from ?? 'unknown'} to ${text(data, 'to') ?? 'unknown'}`;
  }
}

function referralRaised(data: EventData, names: DirectoryNames): string {
  const reference = text(data, 'reference');
  const needs = objects(data, 'needs').map((need) => needLabel(text(need, 'code') ?? 'unknown'));
  // A route waiting for consent has not been sent anywhere yet: say so, or coordinators misread it.
  const routes = objects(data, 'routes');
  const sent = routes.filter((route) => text(route, 'status') !== 'awaiting-consent').map((route) => serviceWithAgency(route, names));
  const waiting = routes.filter((route) => text(route, 'status') === 'awaiting-consent').map((route) => serviceWithAgency(route, names));
  const unmet = texts(data, 'unmetNeedCodes').map(needLabel);
  const channel = code(text(data, 'channel'));
  let summary = `Referral${reference ? ` ${reference}` : ''} raised${channel ? ` (${channel})` : ''} for ${needs.length ? list(needs) : 'no needs'}`;
  if (sent.length) summary += `; sent to ${list(sent)}`;
  if (waiting.length) summary += `; waiting for consent to send to ${list(waiting)}`;
  if (unmet.length) summary += `; no service found for ${list(unmet)}`;
  return summary;
}

/** Bespoke summaries by timeline type. Anything else gets `genericSummary`. */
export const SUMMARISERS: Readonly<Record<string, Summariser>> = {
  'family.registered': (d) => `Family registered at ${text(d, 'hubId') ?? 'a hub'}`,
  'family.member-added': (d) => `Family member added${code(text(d, 'relationship')) ? ` (${code(text(d, 'relationship'))})` : ''}`,
  'referral.raised': referralRaised,
  'referral.route.status-changed': routeStatusChanged,
  'consent.granted': (d, n) =>
    text(d, 'decision') === 'deny'
      ? `Consent refused for sharing with ${agencyNames(n, texts(d, 'agencyIds'))}`
      : `Consent given to share with ${agencyNames(n, texts(d, 'agencyIds'))}`,
  'consent.withdrawn': (d, n) => `Consent withdrawn for sharing with ${agencyNames(n, texts(d, 'agencyIds'))}`,
  'consent.expired': (d, n) => `Consent to share with ${agencyNames(n, texts(d, 'agencyIds'))} expired`,
  'safeguarding.override-recorded': (d, n) => `Safeguarding override recorded: sharing with ${agencyName(n, text(d, 'agencyId'))} permitted without consent`,
  'plan.created': (d, n) => {
    const level = code(text(d, 'levelOfNeed'));
    const lead = text(d, 'leadAgencyId');
    return `Team Around the Family plan created${level ? ` (${level})` : ''}${lead ? `, led by ${agencyName(n, lead)}` : ''}`;
  },
  'plan.level-changed': (d) => {
    const from = code(text(d, 'from'));
    const to = code(text(d, 'to'));
    return from && to ? `Plan level of need changed from ${from} to ${to}` : 'Plan level of need changed';
  },
  'plan.reviewed': (d) => `Plan reviewed${date(text(d, 'nextReviewDate')) ? `; next review due ${date(text(d, 'nextReviewDate'))}` : ''}`,
  'plan.closed': () => 'Team Around the Family plan closed',
  'plan.review.overdue': (d) => `Plan review is overdue${date(text(d, 'nextReviewDate')) ? ` (was due ${date(text(d, 'nextReviewDate'))})` : ''}`,
  'plan.action.assigned': (d, n) => `Plan action assigned to ${agencyName(n, text(d, 'agencyId'))}${date(text(d, 'dueDate')) ? `, due ${date(text(d, 'dueDate'))}` : ''}`,
  'plan.action.status-changed': (d, n) => {
    const to = code(text(d, 'to'));
    return `Plan action for ${agencyName(n, text(d, 'agencyId'))} ${to ? `moved to ${to}` : 'changed'}`;
  },
  'plan.action.overdue': (d, n) => `Plan action for ${agencyName(n, text(d, 'agencyId'))} is overdue${date(text(d, 'dueDate')) ? ` (due ${date(text(d, 'dueDate'))})` : ''}`,
  'notification.webhook-delivery': (d, n) => {
    const eventType = text(d, 'eventType');
    const what = eventType && EVENT_NAME.test(eventType) ? `Webhook ${eventType}` : 'Webhook';
    const outcome = text(d, 'status') === 'succeeded' ? 'delivered to' : text(d, 'status') === 'dead' ? 'given up for' : 'failed for';
    const attempt = typeof d['attempt'] === 'number' ? ` (attempt ${d['attempt']})` : '';
    return `${what} ${outcome} ${agencyName(n, text(d, 'agencyId'))}${attempt}`;
  },
};

/**
 * For event types without a bespoke summary (yet): the type in words, the status move and the
 * agency if the event names them. New event types appear on the timeline before anyone writes prose.
 */
export function genericSummary(type: string, rawData: unknown, names: DirectoryNames): string {
  const data = asEventData(rawData);
  let summary = capitalise(type.replace(/[.-]/g, ' '));
  const from = code(text(data, 'from'));
  const to = code(text(data, 'to')) ?? code(text(data, 'status'));
  if (from && to) summary += `: ${from} to ${to}`;
  else if (to) summary += `: ${to}`;
  const agencyId = text(data, 'agencyId');
  if (agencyId && names.agencies.has(agencyId)) summary += ` (${names.agencies.get(agencyId)})`;
  return summary;
}

/** One readable line per timeline entry. Pure: the same event and names give the same words. */
export function summarise(type: string, data: unknown, names: DirectoryNames = NO_NAMES): string {
  const bespoke = SUMMARISERS[type];
  return bespoke ? bespoke(asEventData(data), names) : genericSummary(type, data, names);
}
