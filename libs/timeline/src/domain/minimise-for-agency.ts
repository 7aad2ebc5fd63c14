import { asEventData, EventData, objects, text, texts } from './event-data';

/**
 * Family-wide entry types whose data names every agency involved (all routes and needs of a
 * referral, all agencies of a consent). An agency reading the timeline gets these re-told with
 * only its own part, as the referrals API shows it only the needs on its own route.
 */
export const AGENCY_MINIMISED_TYPES: ReadonlySet<string> = new Set(['referral.raised', 'consent.granted', 'consent.withdrawn', 'consent.expired']);

/** Not an agency id: summaries render an unknown id as "an agency". */
const ANOTHER_AGENCY = 'another-agency';

/** The event data as one agency may read it (other agencies' routes, needs and names left out). */
export function minimiseForAgency(type: string, rawData: unknown, agencyId: string): EventData {
  const data = asEventData(rawData);
  switch (type) {
    case 'referral.raised': {
      const routes = objects(data, 'routes').filter((route) => text(route, 'agencyId') === agencyId);
      const codes = new Set(routes.flatMap((route) => texts(route, 'needCodes')));
      const needs = objects(data, 'needs').filter((need) => codes.has(text(need, 'code') ?? ''));
      return { ...data, routes, needs, unmetNeedCodes: [] };
    }
    case 'consent.granted':
    case 'consent.withdrawn':
    case 'consent.expired': {
      const agencyIds = texts(data, 'agencyIds');
      return { ...data, agencyIds: agencyIds.includes(agencyId) ? [agencyId] : agencyIds.length ? [ANOTHER_AGENCY] : [] };
    }
    default:
      return data;
  }
}
