import { DynamicModule, Module } from '@nestjs/common';
import { Clock, CONSENT_ENTITIES, CONSENT_MIGRATIONS, ConsentModule } from '@tellonce/consent';
import { ServiceModule } from '@tellonce/messaging';
import type { ConsentConfig } from './config';

@Module({})
export class AppModule {
  /** `overrides.clock` replaces the system clock (integration tests drive expiry with it). */
  static forRoot(config: ConsentConfig, overrides: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forRoot({
          serviceName: 'consent',
          config,
          entities: CONSENT_ENTITIES,
          migrations: CONSENT_MIGRATIONS,
          imports: [ConsentModule.forRoot({ expirySweepMs: config.CONSENT_EXPIRY_SWEEP_MS, clock: overrides.clock })],
        }),
      ],
    };
  }
}
