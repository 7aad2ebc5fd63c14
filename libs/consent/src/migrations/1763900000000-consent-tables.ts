import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConsentTables1763900000000 implements MigrationInterface {
  name = 'ConsentTables1763900000000';

  async up(q: QueryRunner): Promise<void> {
    // Text, not uuid: the families contract types ids as strings, and an odd id must not dead-letter the event.
    await q.query(`CREATE TABLE known_families (
      family_id text PRIMARY KEY,
      hub_id text NULL,
      registered_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE known_family_members (
      family_id text NOT NULL,
      person_id text NOT NULL,
      PRIMARY KEY (family_id, person_id))`);
    await q.query(`CREATE TABLE consent_records (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      family_id uuid NOT NULL,
      decision text NOT NULL CHECK (decision IN ('permit', 'deny')),
      subject_person_ids uuid[] NOT NULL,
      granted_by_person_id uuid NOT NULL,
      agency_ids text[] NOT NULL,
      purposes text[] NOT NULL,
      data_categories text[] NOT NULL,
      method text NOT NULL CHECK (method IN ('verbal', 'written', 'online')),
      expires_at timestamptz NULL,
      status text NOT NULL CHECK (status IN ('active', 'withdrawn', 'expired')),
      recorded_at timestamptz NOT NULL,
      recorded_by jsonb NOT NULL,
      withdrawn_at timestamptz NULL,
      withdrawn_by jsonb NULL,
      withdrawal_reason text NULL,
      expired_at timestamptz NULL)`);
    // The decision endpoint reads a family's active records; the sweep finds active records due to expire.
    await q.query(`CREATE INDEX consent_records_family_status ON consent_records (family_id, status)`);
    await q.query(`CREATE INDEX consent_records_due_to_expire ON consent_records (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL`);
    await q.query(`CREATE TABLE consent_history (
      id uuid PRIMARY KEY,
      consent_id uuid NOT NULL REFERENCES consent_records (id),
      status text NOT NULL,
      at timestamptz NOT NULL,
      actor jsonb NOT NULL,
      reason text NULL)`);
    await q.query(`CREATE INDEX consent_history_consent ON consent_history (consent_id, at)`);
    await q.query(`CREATE TABLE safeguarding_overrides (
      id uuid PRIMARY KEY,
      family_id uuid NOT NULL,
      agency_id text NOT NULL,
      justification text NOT NULL,
      recorded_at timestamptz NOT NULL,
      recorded_by jsonb NOT NULL,
      revoked_at timestamptz NULL)`);
    await q.query(`CREATE INDEX safeguarding_overrides_family_agency ON safeguarding_overrides (family_id, agency_id)`);

    await q.query(`CREATE TABLE audit_log (
      seq bigint PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      at timestamptz NOT NULL,
      service text NOT NULL,
      actor jsonb NOT NULL,
      action text NOT NULL,
      endpoint text NOT NULL,
      resource jsonb NOT NULL,
      family_id text NULL,
      outcome text NOT NULL,
      basis text NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      appended_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX audit_log_family_seq ON audit_log (family_id, seq)`);
    await q.query(`CREATE TABLE audit_chain_head (id int PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text NOT NULL)`);
    await q.query(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}')`);
    // Append-only at the database level too: the application role cannot rewrite history by mistake.
    // (A superuser can still disable the trigger; the hash chain is what makes that detectable.)
    await q.query(`CREATE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only (% rejected)', TG_OP; END $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change()`);
    await q.query(`CREATE FUNCTION consent_history_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'consent_history is append-only (% rejected)', TG_OP; END $$`);
    await q.query(`CREATE TRIGGER consent_history_append_only BEFORE UPDATE OR DELETE ON consent_history FOR EACH ROW EXECUTE FUNCTION consent_history_reject_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS audit_chain_head');
    await q.query('DROP TABLE IF EXISTS audit_log');
    await q.query('DROP FUNCTION IF EXISTS audit_log_reject_change');
    await q.query('DROP TABLE IF EXISTS consent_history');
    await q.query('DROP FUNCTION IF EXISTS consent_history_reject_change');
    await q.query('DROP TABLE IF EXISTS safeguarding_overrides');
    await q.query('DROP TABLE IF EXISTS consent_records');
    await q.query('DROP TABLE IF EXISTS known_family_members');
    await q.query('DROP TABLE IF EXISTS known_families');
  }
}
