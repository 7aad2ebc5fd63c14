import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** One webhook delivery attempt to a partner agency, for the family timeline. Ids and codes only. */
export interface WebhookDeliveryRecordedData {
  subscriptionId: string;
  agencyId: string;
  familyId: string;
  /** Partner event type, e.g. `referral.route.requested`. */
  eventType: string;
  /** Id of the domain event the delivery carries (e.g. the RouteStatusChangedV1 event id). */
  sourceEventId: string;
  status: 'succeeded' | 'failed' | 'dead';
  attempt: number;
}

export const WebhookDeliveryRecordedV1 = defineEvent<WebhookDeliveryRecordedData>({
  type: 'tellonce.notification.webhook-delivery.v1',
  topic: TOPICS.notifications,
  description: 'A webhook delivery attempt to a partner agency succeeded, failed (will retry) or was given up (dead). Keyed by family id.',
  schema: {
    type: 'object',
    required: ['subscriptionId', 'agencyId', 'familyId', 'eventType', 'sourceEventId', 'status', 'attempt'],
    additionalProperties: false,
    properties: {
      subscriptionId: { type: 'string' },
      agencyId: { type: 'string' },
      familyId: { type: 'string' },
      eventType: { type: 'string' },
      sourceEventId: { type: 'string' },
      status: { enum: ['succeeded', 'failed', 'dead'] },
      attempt: { type: 'integer', minimum: 1 },
    },
  },
});
