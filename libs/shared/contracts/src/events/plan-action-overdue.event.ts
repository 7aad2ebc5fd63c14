import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** Emitted once per action when it passes its due date without being done or cancelled. */
export interface PlanActionOverdueData {
  planId: string;
  familyId: string;
  actionId: string;
  agencyId: string;
  /** Calendar date, yyyy-mm-dd. */
  dueDate: string;
}

export const PlanActionOverdueV1 = defineEvent<PlanActionOverdueData>({
  type: 'tellonce.plan.action.overdue.v1',
  topic: TOPICS.plans,
  description: 'A plan action passed its due date while still open, in progress or blocked.',
  schema: {
    type: 'object',
    required: ['planId', 'familyId', 'actionId', 'agencyId', 'dueDate'],
    additionalProperties: false,
    properties: {
      planId: { type: 'string' },
      familyId: { type: 'string' },
      actionId: { type: 'string' },
      agencyId: { type: 'string' },
      dueDate: { type: 'string', format: 'date' },
    },
  },
});
