import { DynamicModule, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LOGGER } from '@tellonce/platform';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { CancelRoutesWhenConsentExpires } from './handlers/cancel-routes-when-consent-expires.handler';
import { CancelRoutesWhenConsentIsWithdrawn } from './handlers/cancel-routes-when-consent-is-withdrawn.handler';
import { OpenSocialCareRouteWhenPlanStepsUp } from './handlers/open-social-care-route-when-plan-steps-up.handler';
import { ReleaseRoutesWhenConsentIsGranted } from './handlers/release-routes-when-consent-is-granted.handler';
import { ReleaseRoutesWhenSafeguardingOverrideIsRecorded } from './handlers/release-routes-when-safeguarding-override-is-recorded.handler';
import { DirectoryController } from './http/directory.controller';
import { FamiliesController } from './http/families.controller';
import { ReferralsController } from './http/referrals.controller';
import { DirectoryRepository, FamiliesRepository, ReferralsRepository, SharingRepository } from './repositories';
import { seedDemoDirectory } from './seed/demo-directory';
import { DirectoryUseCases } from './use-cases/directory.use-cases';
import { FamiliesUseCases } from './use-cases/families.use-cases';
import { ReferralReads } from './use-cases/referral-reads.use-cases';
import { RaiseReferral } from './use-cases/referrals.use-cases';
import { RouteMover } from './use-cases/route-mover';
import { SharingEvents } from './use-cases/sharing-events.use-cases';
import { SharingViewService } from './use-cases/sharing-view.service';
import { TransitionRoute } from './use-cases/transition-route.use-case';

export interface ReferralsModuleOptions {
  /** Upsert the demo authority at start (local runs); idempotent. */
  seedDemoDirectory: boolean;
}

const REFERRALS_OPTIONS = Symbol('REFERRALS_OPTIONS');

@Module({})
export class ReferralsModule implements OnApplicationBootstrap {
  constructor(
    @Inject(REFERRALS_OPTIONS) private readonly options: ReferralsModuleOptions,
    private readonly directory: DirectoryUseCases,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  static forRoot(options: ReferralsModuleOptions): DynamicModule {
    return {
      module: ReferralsModule,
      controllers: [DirectoryController, FamiliesController, ReferralsController],
      providers: [
        { provide: REFERRALS_OPTIONS, useValue: options },
        DirectoryRepository,
        FamiliesRepository,
        ReferralsRepository,
        SharingRepository,
        SharingViewService,
        RouteMover,
        DirectoryUseCases,
        FamiliesUseCases,
        RaiseReferral,
        ReferralReads,
        TransitionRoute,
        SharingEvents,
        ReleaseRoutesWhenConsentIsGranted,
        ReleaseRoutesWhenSafeguardingOverrideIsRecorded,
        CancelRoutesWhenConsentIsWithdrawn,
        CancelRoutesWhenConsentExpires,
        OpenSocialCareRouteWhenPlanStepsUp,
      ],
      exports: [DirectoryUseCases],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.seedDemoDirectory) return;
    const changed = await seedDemoDirectory(this.directory, this.dataSource);
    this.logger.info(changed, 'demo directory seeded');
  }
}
