import 'reflect-metadata';
import { bootstrapService, validateConfig } from '@tellonce/platform';
import { AppModule } from './app.module';
import { TimelineConfig } from './config';

const config = validateConfig(TimelineConfig);
void bootstrapService(AppModule.forRoot(config), { serviceName: 'timeline', port: config.PORT, bodyLimit: config.BODY_LIMIT });
