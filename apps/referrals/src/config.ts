import { IsBoolean } from 'class-validator';
import { databaseUrlFor, ServiceConfig } from '@tellonce/platform';

export class ReferralsConfig extends ServiceConfig {
  override PORT = 3001;
  override DATABASE_URL = databaseUrlFor('referrals');
  /** Upsert the demo authority (hubs, agencies, services) at start. Idempotent; for local runs. */
  @IsBoolean() SEED_DEMO_DIRECTORY = false;
}
