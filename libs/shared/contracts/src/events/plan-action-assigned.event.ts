import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** An action on a plan was given to an agency (at plan creation or later). The description stays in the plans database. */
export interface PlanActionAssignedData {
  planId: string;
  familyId: string;
  actionId: string;
  agencyId: string;
  /** Calendar date, yyyy-mm-dd. */
  dueDate: string;
  outcomeId?: string;
  actor: Actor;
}

export const PlanActionAssignedV1 = defineEvent<PlanActionAssignedData>({
  type: 'tellonce.plan.action.assigned.v1',
  topic: TOPICS.plans,
  description: 'A plan action was assigned to an agency.',
  schema: {
    type: 'object',
    required: ['planId', 'familyId', 'actionId', 'agencyId', 'dueDate', 'actor'],
    additionalProperties: false,
    properties: {
      planId: { type: 'string' },
      familyId: { type: 'string' },
      actionId: { type: 'string' },
      agencyId: { type: 'string' },
      dueDate: { type: 'string', format: 'date' },
      outcomeId: { type: 'string' },
      actor: actorSchema,
    },
  },
});
