import { databaseUrlFor, ServiceConfig } from '@tellonce/platform';

export class TimelineConfig extends ServiceConfig {
  override PORT = 3005;
  override DATABASE_URL = databaseUrlFor('timeline');
}
