import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** Emitted once per planned review date when an open plan passes it without a review. */
export interface PlanReviewOverdueData {
  planId: string;
  familyId: string;
  /** Calendar date, yyyy-mm-dd. */
  nextReviewDate: string;
}

export const PlanReviewOverdueV1 = defineEvent<PlanReviewOverdueData>({
  type: 'tellonce.plan.review.overdue.v1',
  topic: TOPICS.plans,
  description: 'An open plan passed its next review date without a review.',
  schema: {
    type: 'object',
    required: ['planId', 'familyId', 'nextReviewDate'],
    additionalProperties: false,
    properties: { planId: { type: 'string' }, familyId: { type: 'string' }, nextReviewDate: { type: 'string', format: 'date' } },
  },
});
