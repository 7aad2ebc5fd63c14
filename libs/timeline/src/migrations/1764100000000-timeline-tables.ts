import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The projection (timeline_entry) and the local views it reads (directory names, sharing). */
export class TimelineTables1764100000000 implements MigrationInterface {
  name = 'TimelineTables1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE timeline_entry (
      id uuid PRIMARY KEY,
      family_id text NOT NULL,
      at timestamptz NOT NULL,
      seq bigserial NOT NULL UNIQUE,
      type text NOT NULL,
      source text NOT NULL,
      summary text NOT NULL,
      actor jsonb NOT NULL,
      subject_kind text NOT NULL,
      subject_id text NOT NULL,
      agency_ids text[] NULL,
      mentions text[] NOT NULL DEFAULT '{}',
      data jsonb NOT NULL)`);
    // Keyset pagination per family, in both directions.
    await q.query(`CREATE INDEX timeline_entry_family_at_seq ON timeline_entry (family_id, at, seq)`);
    await q.query(`CREATE INDEX timeline_entry_mentions ON timeline_entry USING gin (mentions)`);
    await q.query(`CREATE TABLE timeline_agency (id text PRIMARY KEY, name text NOT NULL)`);
    await q.query(`CREATE TABLE timeline_service (id text PRIMARY KEY, agency_id text NOT NULL, name text NOT NULL)`);
    await q.query(`CREATE TABLE timeline_consent_record (
      id text PRIMARY KEY,
      family_id text NOT NULL,
      decision text NOT NULL,
      subject_person_ids text[] NOT NULL,
      agency_ids text[] NOT NULL,
      purposes text[] NOT NULL,
      data_categories text[] NOT NULL,
      status text NOT NULL,
      expires_at timestamptz NULL,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX timeline_consent_record_family ON timeline_consent_record (family_id)`);
    await q.query(`CREATE TABLE timeline_safeguarding_override (id text PRIMARY KEY, family_id text NOT NULL, agency_id text NOT NULL, recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX timeline_safeguarding_override_family ON timeline_safeguarding_override (family_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['timeline_safeguarding_override', 'timeline_consent_record', 'timeline_service', 'timeline_agency', 'timeline_entry']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
