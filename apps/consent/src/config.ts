import { IsInt, Min } from 'class-validator';
import { databaseUrlFor, ServiceConfig } from '@tellonce/platform';

export class ConsentConfig extends ServiceConfig {
  override PORT = 3002;
  override DATABASE_URL = databaseUrlFor('consent');
  /** How often expired consents are marked and announced; 0 turns the sweep off. */
  @IsInt() @Min(0) CONSENT_EXPIRY_SWEEP_MS = 60_000;
}
