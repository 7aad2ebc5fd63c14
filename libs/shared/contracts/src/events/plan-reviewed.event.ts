import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** Scores only: the review summary and attendees' names stay in the plans database. */
export interface PlanReviewedData {
  planId: string;
  familyId: string;
  reviewId: string;
  outcomeScores: { outcomeId: string; score: number }[];
  /** Calendar date, yyyy-mm-dd. */
  nextReviewDate: string;
  actor: Actor;
}

export const PlanReviewedV1 = defineEvent<PlanReviewedData>({
  type: 'tellonce.plan.reviewed.v1',
  topic: TOPICS.plans,
  description: 'A Team Around the Family review was held; outcome scores (0..10) recorded.',
  schema: {
    type: 'object',
    required: ['planId', 'familyId', 'reviewId', 'outcomeScores', 'nextReviewDate', 'actor'],
    additionalProperties: false,
    properties: {
      planId: { type: 'string' },
      familyId: { type: 'string' },
      reviewId: { type: 'string' },
      outcomeScores: {
        type: 'array',
        items: {
          type: 'object',
          required: ['outcomeId', 'score'],
          additionalProperties: false,
          properties: { outcomeId: { type: 'string' }, score: { type: 'integer', minimum: 0, maximum: 10 } },
        },
      },
      nextReviewDate: { type: 'string', format: 'date' },
      actor: actorSchema,
    },
  },
});
