import { databaseUrlFor, ServiceConfig } from '@tellonce/platform';
import { DEFAULT_RETRY_SCHEDULE_TEXT, NotificationsSettings } from '@tellonce/notifications';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

export class NotificationsConfig extends ServiceConfig implements NotificationsSettings {
  override PORT = 3004;
  override DATABASE_URL = databaseUrlFor('notifications');
  /** 'true' (local default) accepts http:// and private/loopback webhook URLs. Set 'false' in production. */
  @IsIn(['true', 'false']) WEBHOOK_ALLOW_INSECURE = 'true';
  @Matches(/^\s*(\d+(\.\d+)?\s*(,\s*\d+(\.\d+)?\s*)*)?$/, { message: 'WEBHOOK_RETRY_SCHEDULE_SECONDS must be a comma list of seconds' })
  WEBHOOK_RETRY_SCHEDULE_SECONDS = DEFAULT_RETRY_SCHEDULE_TEXT;
  @IsInt() @Min(100) @Max(120000) WEBHOOK_TIMEOUT_MS = 15000;
  @IsInt() @Min(0) WEBHOOK_SECRET_ROTATION_SECONDS = 86400;
  @IsInt() @Min(1) WEBHOOK_DISABLE_AFTER_FAILING_SECONDS = 5 * 24 * 3600;
  @IsString() @IsNotEmpty() SMTP_URL = 'smtp://127.0.0.1:1025';
  @IsString() @IsNotEmpty() MAIL_FROM = 'TellOnce <no-reply@tellonce.local>';
  @IsInt() @Min(1) DIGEST_INTERVAL_SECONDS = 900;
  @IsString() @IsNotEmpty() QUEUE_PREFIX = 'tellonce';
  @IsString() @IsNotEmpty() CONSOLE_URL = 'http://localhost:8080';
  @IsIn(['true', 'false']) WORKERS_ENABLED = 'true';
}
