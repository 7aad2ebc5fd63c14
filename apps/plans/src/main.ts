import { bootstrapService, validateConfig } from '@tellonce/platform';
import { AppModule } from './app.module';
import { PlansConfig } from './config';

const config = validateConfig(PlansConfig);
void bootstrapService(AppModule.forRoot(config), { serviceName: 'plans', port: config.PORT, bodyLimit: config.BODY_LIMIT });
