import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { LEVELS_OF_NEED, LevelOfNeed } from '../vocabulary';

/** Ids and codes only: outcome and action descriptions and the lead's name stay in the plans database. */
export interface PlanCreatedData {
  planId: string;
  familyId: string;
  levelOfNeed: LevelOfNeed;
  leadAgencyId: string;
  outcomeIds: string[];
  actionIds: string[];
  actor: Actor;
}

export const PlanCreatedV1 = defineEvent<PlanCreatedData>({
  type: 'tellonce.plan.created.v1',
  topic: TOPICS.plans,
  description: 'A Team Around the Family plan was opened for a family.',
  schema: {
    type: 'object',
    required: ['planId', 'familyId', 'levelOfNeed', 'leadAgencyId', 'outcomeIds', 'actionIds', 'actor'],
    additionalProperties: false,
    properties: {
      planId: { type: 'string' },
      familyId: { type: 'string' },
      levelOfNeed: { enum: [...LEVELS_OF_NEED] },
      leadAgencyId: { type: 'string' },
      outcomeIds: { type: 'array', items: { type: 'string' } },
      actionIds: { type: 'array', items: { type: 'string' } },
      actor: actorSchema,
    },
  },
});
