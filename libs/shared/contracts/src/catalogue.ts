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
] as readonly EventDefinition<unknown>[];

export function findEventDefinition(type: string): EventDefinition<unknown> | undefined {
  return EVENT_CATALOGUE.find((definition) => definition.type === type);
}
