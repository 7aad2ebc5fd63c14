import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The directory's agencies, fed by the directory topic: consent and overrides name only real agencies. */
export class KnownAgencies1764200000000 implements MigrationInterface {
  name = 'KnownAgencies1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE known_agencies (
      agency_id text PRIMARY KEY,
      active boolean NOT NULL,
      updated_at timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS known_agencies');
  }
}
