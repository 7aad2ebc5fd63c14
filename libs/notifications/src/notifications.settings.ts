/** The configuration this feature reads; the app's validated config class provides it. */
export interface NotificationsSettings {
  REDIS_URL: string;
  /** 'true' accepts http:// and private/loopback webhook URLs (local development and tests only). */
  WEBHOOK_ALLOW_INSECURE: string;
  WEBHOOK_RETRY_SCHEDULE_SECONDS: string;
  WEBHOOK_TIMEOUT_MS: number;
  WEBHOOK_SECRET_ROTATION_SECONDS: number;
  WEBHOOK_DISABLE_AFTER_FAILING_SECONDS: number;
  SMTP_URL: string;
  MAIL_FROM: string;
  DIGEST_INTERVAL_SECONDS: number;
  /** Redis key prefix for BullMQ (tests use their own so runs never meet). */
  QUEUE_PREFIX: string;
  /** Base URL of the web console, for links in emails and notifications. */
  CONSOLE_URL: string;
  /** 'false' runs the API without queue workers (e.g. a read-only replica). */
  WORKERS_ENABLED: string;
}

export const NOTIFICATIONS_SETTINGS = Symbol('NOTIFICATIONS_SETTINGS');
