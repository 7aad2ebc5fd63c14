import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** The closing reason is free text and stays in the plans database. */
export interface PlanClosedData {
  planId: string;
  familyId: string;
  actor: Actor;
}

export const PlanClosedV1 = defineEvent<PlanClosedData>({
  type: 'tellonce.plan.closed.v1',
  topic: TOPICS.plans,
  description: 'A Team Around the Family plan was closed.',
  schema: {
    type: 'object',
    required: ['planId', 'familyId', 'actor'],
    additionalProperties: false,
    properties: { planId: { type: 'string' }, familyId: { type: 'string' }, actor: actorSchema },
  },
});
