import type { EventDefinition } from './event-definition';
import { AgencyUpsertedV1 } from './events/directory-agency-upserted.event';
import { ServiceUpsertedV1 } from './events/directory-service-upserted.event';
import { FamilyRegisteredV1 } from './events/family-registered.event';
import { FamilyMemberAddedV1 } from './events/family-member-added.event';
import { ReferralRaisedV1 } from './events/referral-raised.event';
import { RouteStatusChangedV1 } from './events/referral-route-status-changed.event';
import { ConsentGrantedV1 } from './events/consent-granted.event';
import { ConsentWithdrawnV1 } from './events/consent-withdrawn.event';
import { ConsentExpiredV1 } from './events/consent-expired.event';
import { SafeguardingOverrideRecordedV1 } from './events/safeguarding-override-recorded.event';
import { AuditRecordedV1 } from './events/audit-recorded.event';
import { PlanCreatedV1 } from './events/plan-created.event';
import { PlanActionAssignedV1 } from './events/plan-action-assigned.event';
import { PlanActionStatusChangedV1 } from './events/plan-action-status-changed.event';
import { PlanReviewedV1 } from './events/plan-reviewed.event';
import { PlanLevelChangedV1 } from './events/plan-level-changed.event';
import { PlanClosedV1 } from './events/plan-closed.event';
import { PlanActionOverdueV1 } from './events/plan-action-overdue.event';
import { PlanReviewOverdueV1 } from './events/plan-review-overdue.event';
import { WebhookDeliveryRecordedV1 } from './events/webhook-delivery-recorded.event';

/**
 * Every event type TellOnce produces. docs/asyncapi.yaml is generated from this list
 * (`npm run asyncapi`) and a unit test fails when the two drift apart.
 */
export const EVENT_CATALOGUE: readonly EventDefinition<unknown>[] = [
  AgencyUpsertedV1,
  ServiceUpsertedV1,
  FamilyRegisteredV1,
  FamilyMemberAddedV1,
  ReferralRaisedV1,
  RouteStatusChangedV1,
  ConsentGrantedV1,
  ConsentWithdrawnV1,
  ConsentExpiredV1,
  SafeguardingOverrideRecordedV1,
  AuditRecordedV1,
  PlanCreatedV1,
  PlanActionAssignedV1,
  PlanActionStatusChangedV1,
  PlanReviewedV1,
  PlanLevelChangedV1,
  PlanClosedV1,
  PlanActionOverdueV1,
  PlanReviewOverdueV1,
  WebhookDeliveryRecordedV1,
] as readonly EventDefinition<unknown>[];

export function findEventDefinition(type: string): EventDefinition<unknown> | undefined {
  return EVENT_CATALOGUE.find((definition) => definition.type === type);
}
