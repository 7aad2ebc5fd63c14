import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationsTables1764000000000 implements MigrationInterface {
  name = 'NotificationsTables1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_subscriptions (
      id uuid PRIMARY KEY,
      agency_id text NOT NULL,
      url text NOT NULL,
      event_types text[] NOT NULL,
      description text NULL,
      secret text NOT NULL,
      previous_secret text NULL,
      previous_secret_expires_at timestamptz NULL,
      status text NOT NULL CHECK (status IN ('active', 'disabled', 'deleted')),
      disabled_reason text NULL,
      failing_since timestamptz NULL,
      idempotency_key text NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX webhook_subscriptions_agency ON webhook_subscriptions (agency_id)`);
    await q.query(`CREATE UNIQUE INDEX webhook_subscriptions_idempotency ON webhook_subscriptions (agency_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE TABLE webhook_messages (
      id uuid PRIMARY KEY,
      subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id),
      agency_id text NOT NULL,
      family_id text NOT NULL,
      event_type text NOT NULL,
      source_event_id text NOT NULL,
      body text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'dead')),
      attempts int NOT NULL DEFAULT 0,
      replays int NOT NULL DEFAULT 0,
      event_time timestamptz NOT NULL,
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX webhook_messages_subscription_time ON webhook_messages (subscription_id, event_time)`);
    await q.query(`CREATE INDEX webhook_messages_dead ON webhook_messages (status) WHERE status = 'dead'`);
    await q.query(`CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY,
      message_id uuid NOT NULL REFERENCES webhook_messages (id),
      subscription_id uuid NOT NULL,
      event_type text NOT NULL,
      attempt int NOT NULL,
      status text NOT NULL CHECK (status IN ('succeeded', 'failed', 'pending', 'dead')),
      status_code int NULL,
      duration_ms int NULL,
      error text NULL,
      at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX webhook_deliveries_subscription_at ON webhook_deliveries (subscription_id, at, id)`);
    await q.query(`CREATE UNIQUE INDEX webhook_deliveries_message_attempt ON webhook_deliveries (message_id, attempt)`);
    await q.query(`CREATE TABLE partner_agencies (
      agency_id text PRIMARY KEY,
      active boolean NOT NULL,
      kafka_enabled boolean NOT NULL DEFAULT false,
      kafka_event_types text[] NOT NULL DEFAULT '{}',
      topic_ready boolean NOT NULL DEFAULT false,
      notification_email text NULL,
      updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE sharing_consent_records (
      id uuid PRIMARY KEY,
      family_id text NOT NULL,
      decision text NOT NULL,
      subject_person_ids text[] NOT NULL,
      agency_ids text[] NOT NULL,
      purposes text[] NOT NULL,
      data_categories text[] NOT NULL,
      status text NOT NULL,
      expires_at timestamptz NULL,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX sharing_consent_records_family ON sharing_consent_records (family_id)`);
    await q.query(`CREATE TABLE sharing_overrides (
      id uuid PRIMARY KEY,
      family_id text NOT NULL,
      agency_id text NOT NULL,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX sharing_overrides_family ON sharing_overrides (family_id)`);
    await q.query(`CREATE TABLE held_partner_events (
      id uuid PRIMARY KEY,
      family_id text NOT NULL,
      agency_id text NOT NULL,
      event jsonb NOT NULL,
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX held_partner_events_family_agency ON held_partner_events (family_id, agency_id)`);
    await q.query(`CREATE TABLE route_views (
      route_id text PRIMARY KEY,
      referral_id text NOT NULL,
      reference text NULL,
      hub_id text NULL,
      agency_id text NOT NULL,
      shared_with_agency boolean NOT NULL DEFAULT false)`);
    await q.query(`CREATE TABLE practitioner_notifications (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      agency_id text NULL,
      hub_id text NULL,
      family_id text NOT NULL,
      urgency text NOT NULL,
      reference text NULL,
      subject_kind text NOT NULL,
      subject_id text NOT NULL,
      need_codes text[] NOT NULL,
      due_date text NULL,
      link text NOT NULL,
      source_event_id text NOT NULL,
      created_at timestamptz NOT NULL,
      emailed_at timestamptz NULL)`);
    await q.query(`CREATE INDEX practitioner_notifications_agency ON practitioner_notifications (agency_id, created_at)`);
    await q.query(`CREATE INDEX practitioner_notifications_hub ON practitioner_notifications (hub_id, created_at)`);
    await q.query(`CREATE INDEX practitioner_notifications_digest ON practitioner_notifications (created_at) WHERE emailed_at IS NULL`);
    await q.query(`CREATE TABLE plan_views (
      plan_id text PRIMARY KEY,
      family_id text NOT NULL,
      lead_agency_id text NOT NULL,
      hub_id text NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['plan_views', 'practitioner_notifications', 'route_views', 'held_partner_events', 'sharing_overrides', 'sharing_consent_records', 'partner_agencies', 'webhook_deliveries', 'webhook_messages', 'webhook_subscriptions']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
