import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { CLOCK, systemClock } from './domain/clock';
import { RecordAgencyWhenAgencyIsUpsertedHandler } from './handlers/record-agency-when-agency-is-upserted.handler';
import { RecordFamilyWhenFamilyIsRegisteredHandler } from './handlers/record-family-when-family-is-registered.handler';
import { UpdateSharingWhenConsentExpiresHandler } from './handlers/update-sharing-when-consent-expires.handler';
import { UpdateSharingWhenConsentIsGrantedHandler } from './handlers/update-sharing-when-consent-is-granted.handler';
import { UpdateSharingWhenConsentIsWithdrawnHandler } from './handlers/update-sharing-when-consent-is-withdrawn.handler';
import { UpdateSharingWhenSafeguardingOverrideIsRecordedHandler } from './handlers/update-sharing-when-safeguarding-override-is-recorded.handler';
import { PlansController } from './http/plans.controller';
import { OverdueScanProcessor } from './jobs/overdue-scan.processor';
import { OverdueScanScheduler } from './jobs/overdue-scan.scheduler';
import { PLANS_QUEUES } from './jobs/queue-names';
import { redisOptionsFromUrl } from './jobs/redis-connection';
import { LocalViewsRepository } from './repositories/local-views.repository';
import { PlansRepository } from './repositories/plans.repository';
import { OverdueScanner } from './services/overdue-scanner.service';
import { PlanAccessService } from './services/plan-access.service';
import { PlanChangeRunner } from './services/plan-change-runner';
import { PlanChangesService } from './services/plan-changes.service';
import { PLANS_OPTIONS, PlansOptions } from './services/plans.options';
import { PlansService } from './services/plans.service';

@Module({})
export class PlansModule {
  static forRoot(options: PlansOptions): DynamicModule {
    return {
      module: PlansModule,
      imports: [BullModule.forRoot({ connection: redisOptionsFromUrl(options.redisUrl) }), BullModule.registerQueue({ name: PLANS_QUEUES.overdueScan })],
      controllers: [PlansController],
      providers: [
        { provide: PLANS_OPTIONS, useValue: options },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        PlansRepository,
        LocalViewsRepository,
        PlanAccessService,
        PlanChangeRunner,
        PlansService,
        PlanChangesService,
        OverdueScanner,
        OverdueScanProcessor,
        OverdueScanScheduler,
        RecordAgencyWhenAgencyIsUpsertedHandler,
        RecordFamilyWhenFamilyIsRegisteredHandler,
        UpdateSharingWhenConsentIsGrantedHandler,
        UpdateSharingWhenConsentIsWithdrawnHandler,
        UpdateSharingWhenConsentExpiresHandler,
        UpdateSharingWhenSafeguardingOverrideIsRecordedHandler,
      ],
      exports: [OverdueScanner],
    };
  }
}
