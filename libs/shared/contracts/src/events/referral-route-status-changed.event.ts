import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export interface RouteStatusChangedData {
  referralId: string;
  familyId: string;
  routeId: string;
  agencyId: string;
  serviceId: string;
  needCodes: string[];
  urgency: 'routine' | 'urgent';
  from: string;
  to: string;
  reason?: string;
  outcome?: string;
  actor: Actor;
}

export const RouteStatusChangedV1 = defineEvent<RouteStatusChangedData>({
  type: 'tellonce.referral.route.status-changed.v1',
  topic: TOPICS.referrals,
  description: 'A referral route moved between statuses (closed loop): from, to, actor and reason.',
  schema: {
    type: 'object',
    required: ['referralId', 'familyId', 'routeId', 'agencyId', 'serviceId', 'needCodes', 'urgency', 'from', 'to', 'actor'],
    additionalProperties: false,
    properties: {
      referralId: { type: 'string' },
      familyId: { type: 'string' },
      routeId: { type: 'string' },
      agencyId: { type: 'string' },
      serviceId: { type: 'string' },
      needCodes: { type: 'array', items: { type: 'string' } },
      urgency: { enum: ['routine', 'urgent'] },
      from: { type: 'string' },
      to: { type: 'string' },
      reason: { type: 'string' },
      outcome: { type: 'string' },
      actor: actorSchema,
    },
  },
});
