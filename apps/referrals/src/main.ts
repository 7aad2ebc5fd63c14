import 'reflect-metadata';
import { bootstrapService, validateConfig } from '@tellonce/platform';
import { AppModule } from './app.module';
import { ReferralsConfig } from './config';

const config = validateConfig(ReferralsConfig);
void bootstrapService(AppModule.forRoot(config), { serviceName: 'referrals', port: config.PORT, bodyLimit: config.BODY_LIMIT });
