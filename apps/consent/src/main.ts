import 'reflect-metadata';
import { bootstrapService, validateConfig } from '@tellonce/platform';
import { AppModule } from './app.module';
import { ConsentConfig } from './config';

const config = validateConfig(ConsentConfig);
void bootstrapService(AppModule.forRoot(config), { serviceName: 'consent', port: config.PORT, bodyLimit: config.BODY_LIMIT });
