import 'reflect-metadata';
import { bootstrapService, validateConfig } from '@tellonce/platform';
import { AppModule } from './app.module';
import { NotificationsConfig } from './config';

const config = validateConfig(NotificationsConfig);
void bootstrapService(AppModule.forRoot(config), { serviceName: 'notifications', port: config.PORT, bodyLimit: config.BODY_LIMIT });
