import { Actor, actorSchema, defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export const PLAN_ACTION_STATUSES = ['open', 'in-progress', 'done', 'blocked', 'cancelled'] as const;
export type PlanActionStatus = (typeof PLAN_ACTION_STATUSES)[number];

export interface PlanActionStatusChangedData {
  planId: string;
  familyId: string;
  actionId: string;
  agencyId: string;
  from: PlanActionStatus;
  to: PlanActionStatus;
  actor: Actor;
}

export const PlanActionStatusChangedV1 = defineEvent<PlanActionStatusChangedData>({
  type: 'tellonce.plan.action.status-changed.v1',
  topic: TOPICS.plans,
  description: 'A plan action moved between statuses (open, in-progress, done, blocked, cancelled).',
  schema: {
    type: 'object',
    required: ['planId', 'familyId', 'actionId', 'agencyId', 'from', 'to', 'actor'],
    additionalProperties: false,
    properties: {
      planId: { type: 'string' },
      familyId: { type: 'string' },
      actionId: { type: 'string' },
      agencyId: { type: 'string' },
      from: { enum: [...PLAN_ACTION_STATUSES] },
      to: { enum: [...PLAN_ACTION_STATUSES] },
      actor: actorSchema,
    },
  },
});
