import { PlanActionEntity, PlanEntity, PlanLevelChangeEntity, PlanOutcomeEntity, PlanReviewEntity } from './plan.entity';
import { KnownAgencyEntity, KnownFamilyEntity, OverdueNoticeEntity, SharingConsentEntity, SharingOverrideEntity } from './views.entity';

export * from './plan.entity';
export * from './views.entity';

export const PLANS_ENTITIES = [
  PlanEntity,
  PlanOutcomeEntity,
  PlanActionEntity,
  PlanReviewEntity,
  PlanLevelChangeEntity,
  KnownAgencyEntity,
  KnownFamilyEntity,
  SharingConsentEntity,
  SharingOverrideEntity,
  OverdueNoticeEntity,
];
