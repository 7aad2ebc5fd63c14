import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { LEVELS_OF_NEED, LevelOfNeed } from '../vocabulary';

/**
 * The plan's level of need changed. The free-text reason may name people, so it stays in the plans
 * database. `to === 'specialist'` is the referrals service's cue to open a social-care route.
 */
export interface PlanLevelChangedData {
  planId: string;
  familyId: string;
  from: LevelOfNeed;
  to: LevelOfNeed;
  /** The lead agency after the change (stepping down from specialist hands the lead back to early help). */
  leadAgencyId: string;
  actor: Actor;
}

export const PlanLevelChangedV1 = defineEvent<PlanLevelChangedData>({
  type: 'tellonce.plan.level-changed.v1',
  topic: TOPICS.plans,
  description: 'A plan stepped up or down a level of need (to specialist opens a social-care route).',
  schema: {
    type: 'object',
    required: ['planId', 'familyId', 'from', 'to', 'leadAgencyId', 'actor'],
    additionalProperties: false,
    properties: {
      planId: { type: 'string' },
      familyId: { type: 'string' },
      from: { enum: [...LEVELS_OF_NEED] },
      to: { enum: [...LEVELS_OF_NEED] },
      leadAgencyId: { type: 'string' },
      actor: actorSchema,
    },
  },
});
