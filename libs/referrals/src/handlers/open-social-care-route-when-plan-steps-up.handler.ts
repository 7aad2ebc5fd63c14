import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent, PlanLevelChangedData, PlanLevelChangedV1 } from '@tellonce/contracts';
import { EventHandler, KafkaEventConsumer } from '@tellonce/messaging';
import { LOGGER } from '@tellonce/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { FamiliesRepository, ReferralsRepository } from '../repositories';
import { RaiseReferral } from '../use-cases/referrals.use-cases';

/** Stepping a plan up to specialist opens a social-care route without a new referral form. */
@Injectable()
export class OpenSocialCareRouteWhenPlanStepsUp implements EventHandler<PlanLevelChangedData>, OnModuleInit {
  readonly definition = PlanLevelChangedV1;
  constructor(
    private readonly consumer: KafkaEventConsumer,
    private readonly raiseReferral: RaiseReferral,
    private readonly families: FamiliesRepository,
    private readonly referrals: ReferralsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.consumer.register(this);
  }

  async handle(event: CloudEvent<PlanLevelChangedData>, manager: EntityManager): Promise<void> {
    const { planId, familyId, from, to, actor } = event.data;
    if (to !== 'specialist' || from === 'specialist') return;
    // Each escalation gets a route, unless the last one is still open (stepped down and up again
    // while social care is still working with the family: that route carries on).
    if (await this.referrals.planHasOpenRoute(planId, manager)) return;
    const family = await this.families.find(familyId, manager);
    if (!family) {
      this.logger.warn({ planId, familyId }, 'plan stepped up for a family unknown here; no social-care route opened');
      return;
    }
    await this.raiseReferral.raise(manager, null, actor, {
      familyId,
      hubId: family.hubId,
      channel: 'partner-agency',
      // No personal data: the story is the plan and its history, read from the plans service.
      story: `Stepped up to specialist (level of need) from the Team Around the Family plan ${planId}; see the plan and its reviews for the history.`,
      needs: [{ code: 'social-care', urgency: 'urgent' }],
      planId,
    });
  }
}
