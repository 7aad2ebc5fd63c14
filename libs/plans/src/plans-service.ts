import type { DynamicModule } from '@nestjs/common';
import { ServiceModule } from '@tellonce/messaging';
import type { Clock } from './domain/clock';
import { PLANS_ENTITIES } from './entities';
import { PLANS_MIGRATIONS } from './migrations';
import type { PlansConfig } from './plans.config';
import { PlansModule } from './plans.module';

export interface PlansServiceOverrides {
  /** Tests drive the overdue scan with a controllable clock. */
  clock?: Clock;
}

/**
 * The whole plans service as one module: platform, its database, messaging and the plans feature.
 * apps/plans's AppModule is exactly this; integration tests boot it too (a lib may not import its app).
 */
export function plansServiceModule(config: PlansConfig, overrides: PlansServiceOverrides = {}): DynamicModule {
  return ServiceModule.forRoot({
    serviceName: 'plans',
    config,
    entities: PLANS_ENTITIES,
    migrations: PLANS_MIGRATIONS,
    imports: [
      PlansModule.forRoot({
        earlyHelpAgencyId: config.EARLY_HELP_AGENCY_ID,
        redisUrl: config.REDIS_URL,
        overdueScanEveryMs: config.OVERDUE_SCAN_EVERY_MS,
        clock: overrides.clock,
      }),
    ],
  });
}
