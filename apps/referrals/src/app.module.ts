import { DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@tellonce/messaging';
import { REFERRALS_ENTITIES, REFERRALS_MIGRATIONS, ReferralsModule } from '@tellonce/referrals';
import type { ReferralsConfig } from './config';

@Module({})
export class AppModule {
  static forRoot(config: ReferralsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forRoot({
          serviceName: 'referrals',
          config,
          entities: REFERRALS_ENTITIES,
          migrations: REFERRALS_MIGRATIONS,
          imports: [ReferralsModule.forRoot({ seedDemoDirectory: config.SEED_DEMO_DIRECTORY })],
        }),
      ],
    };
  }
}
