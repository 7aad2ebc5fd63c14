// BullMQ queue and job names. NEVER rename one: jobs already waiting in Redis under the old
// name would never run, and ops dashboards read these names.
export const QUEUES = {
  webhookDelivery: 'notifications-webhook-delivery',
  email: 'notifications-email',
} as const;

export const JOBS = {
  deliverWebhook: 'deliver-webhook',
  sendUrgentEmail: 'send-urgent-email',
  sendDigest: 'send-digest',
} as const;

/** Id of the repeatable digest schedule (upsertJobScheduler). */
export const DIGEST_SCHEDULER_ID = 'notifications-email-digest';

export const WEBHOOK_BACKOFF_TYPE = 'webhook-schedule';
