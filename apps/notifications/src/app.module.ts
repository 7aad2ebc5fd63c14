import { DynamicModule, Module } from '@nestjs/common';
import { ServiceModule } from '@tellonce/messaging';
import { NOTIFICATIONS_ENTITIES, NOTIFICATIONS_MIGRATIONS, NotificationsModule } from '@tellonce/notifications';
import type { NotificationsConfig } from './config';

@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forRoot({
          serviceName: 'notifications',
          config,
          entities: NOTIFICATIONS_ENTITIES,
          migrations: NOTIFICATIONS_MIGRATIONS,
          imports: [NotificationsModule.forRoot(config)],
        }),
      ],
    };
  }
}
