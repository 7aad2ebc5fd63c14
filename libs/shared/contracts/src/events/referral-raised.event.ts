import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export interface RaisedRoute {
  routeId: string;
  agencyId: string;
  serviceId: string;
  needCodes: string[];
  urgency: 'routine' | 'urgent';
  status: string;
}

/** No story here: agencies read the story from the referrals service, as far as consent allows. */
export interface ReferralRaisedData {
  referralId: string;
  reference: string;
  familyId: string;
  hubId: string;
  channel: string;
  needs: { needId: string; code: string; urgency: 'routine' | 'urgent'; personId?: string; routeId?: string }[];
  routes: RaisedRoute[];
  unmetNeedCodes: string[];
  /** Set when a plan stepping up to specialist opened this referral. */
  planId?: string;
  actor: Actor;
}

const routeSchema = {
  type: 'object',
  required: ['routeId', 'agencyId', 'serviceId', 'needCodes', 'urgency', 'status'],
  additionalProperties: false,
  properties: {
    routeId: { type: 'string' },
    agencyId: { type: 'string' },
    serviceId: { type: 'string' },
    needCodes: { type: 'array', items: { type: 'string' } },
    urgency: { enum: ['routine', 'urgent'] },
    status: { type: 'string' },
  },
};

export const ReferralRaisedV1 = defineEvent<ReferralRaisedData>({
  type: 'tellonce.referral.raised.v1',
  topic: TOPICS.referrals,
  description: 'A referral was raised for a family; its needs were routed to agencies (routes start awaiting consent).',
  schema: {
    type: 'object',
    required: ['referralId', 'reference', 'familyId', 'hubId', 'channel', 'needs', 'routes', 'unmetNeedCodes', 'actor'],
    additionalProperties: false,
    properties: {
      referralId: { type: 'string' },
      reference: { type: 'string' },
      familyId: { type: 'string' },
      hubId: { type: 'string' },
      channel: { type: 'string' },
      needs: {
        type: 'array',
        items: {
          type: 'object',
          required: ['needId', 'code', 'urgency'],
          additionalProperties: false,
          properties: {
            needId: { type: 'string' },
            code: { type: 'string' },
            urgency: { enum: ['routine', 'urgent'] },
            personId: { type: 'string' },
            routeId: { type: 'string' },
          },
        },
      },
      routes: { type: 'array', items: routeSchema },
      unmetNeedCodes: { type: 'array', items: { type: 'string' } },
      planId: { type: 'string' },
      actor: actorSchema,
    },
  },
});
