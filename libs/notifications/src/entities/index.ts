import { HeldPartnerEvent } from './held-partner-event.entity';
import { PartnerAgency } from './partner-agency.entity';
import { PlanView } from './plan-view.entity';
import { PractitionerNotification } from './practitioner-notification.entity';
import { RouteView } from './route-view.entity';
import { SharingConsentRecord, SharingOverride } from './sharing-view.entities';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookMessage } from './webhook-message.entity';
import { WebhookSubscription } from './webhook-subscription.entity';

export * from './held-partner-event.entity';
export * from './partner-agency.entity';
export * from './plan-view.entity';
export * from './practitioner-notification.entity';
export * from './route-view.entity';
export * from './sharing-view.entities';
export * from './webhook-delivery.entity';
export * from './webhook-message.entity';
export * from './webhook-subscription.entity';

export const NOTIFICATIONS_ENTITIES = [
  WebhookSubscription,
  WebhookMessage,
  WebhookDelivery,
  PartnerAgency,
  SharingConsentRecord,
  SharingOverride,
  HeldPartnerEvent,
  RouteView,
  PractitionerNotification,
  PlanView,
];
