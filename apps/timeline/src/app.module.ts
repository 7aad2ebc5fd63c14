import { DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@tellonce/messaging';
import { TIMELINE_ENTITIES, TIMELINE_MIGRATIONS, TimelineModule } from '@tellonce/timeline';
import type { TimelineConfig } from './config';

@Module({})
export class AppModule {
  static forRoot(config: TimelineConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ serviceName: 'timeline', config, entities: TIMELINE_ENTITIES, migrations: TIMELINE_MIGRATIONS, imports: [TimelineModule] })],
    };
  }
}
