import { databaseUrlFor, ServiceConfig } from '@tellonce/platform';
import { IsInt, IsNotEmpty, IsString, Min } from 'class-validator';

/** The plans service's validated environment (apps/plans re-exports it; tests boot with the same class). */
export class PlansConfig extends ServiceConfig {
  override PORT = 3003;
  override DATABASE_URL = databaseUrlFor('plans');
  /** The hub's early-help agency (the demo directory's): takes the lead back when a plan steps down from specialist. */
  @IsString() @IsNotEmpty() EARLY_HELP_AGENCY_ID = 'early-help-team';
  /** How often the overdue scan runs; 0 turns the schedule off. */
  @IsInt() @Min(0) OVERDUE_SCAN_EVERY_MS = 15 * 60 * 1000;
}
