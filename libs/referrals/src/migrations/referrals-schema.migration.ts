import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Directory, families, referrals with routes and their history, and the local sharing view. */
export class ReferralsSchema1764000000000 implements MigrationInterface {
  name = 'ReferralsSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE hub (
      id text PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('hub', 'network-point')),
      parent_hub_id text NULL REFERENCES hub(id))`);
    await q.query(`CREATE TABLE agency (
      id text PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('statutory', 'health', 'voluntary')),
      active boolean NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE directory_service (
      id text PRIMARY KEY,
      name text NOT NULL,
      agency_id text NOT NULL REFERENCES agency(id),
      needs text[] NOT NULL,
      hub_ids text[] NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'inactive')),
      capacity text NOT NULL CHECK (capacity IN ('open', 'waitlist', 'closed')),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX directory_service_needs ON directory_service USING gin (needs)`);

    await q.query(`CREATE TABLE family (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      reference text NOT NULL UNIQUE,
      hub_id text NOT NULL,
      postcode text NOT NULL,
      postcode_key text NOT NULL,
      address_line1 text NULL,
      phone text NULL,
      email text NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX family_postcode_key ON family (postcode_key)`);
    await q.query(`CREATE TABLE family_member (
      id uuid PRIMARY KEY,
      family_id uuid NOT NULL REFERENCES family(id),
      given_name text NOT NULL,
      family_name text NOT NULL,
      given_key text NOT NULL,
      family_key text NOT NULL,
      date_of_birth text NULL CHECK (date_of_birth ~ '^\\d{4}-\\d{2}-\\d{2}$'),
      expected_due_date text NULL CHECK (expected_due_date ~ '^\\d{4}-\\d{2}-\\d{2}$'),
      relationship text NOT NULL,
      lives_in_household boolean NOT NULL,
      nhs_number text NULL CHECK (nhs_number ~ '^\\d{10}$'),
      position integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX family_member_family ON family_member (family_id)`);
    await q.query(`CREATE INDEX family_member_name_dob ON family_member (family_key, given_key, date_of_birth)`);
    await q.query(`CREATE INDEX family_member_nhs ON family_member (nhs_number) WHERE nhs_number IS NOT NULL`);

    await q.query(`CREATE TABLE referral (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      reference text NOT NULL UNIQUE,
      family_id uuid NOT NULL REFERENCES family(id),
      hub_id text NOT NULL,
      channel text NOT NULL,
      story text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'closed')),
      plan_id uuid NULL,
      raised_by jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX referral_family ON referral (family_id)`);
    await q.query(`CREATE UNIQUE INDEX referral_plan_once ON referral (plan_id) WHERE plan_id IS NOT NULL`);
    await q.query(`CREATE TABLE referral_route (
      id uuid PRIMARY KEY,
      referral_id uuid NOT NULL REFERENCES referral(id),
      family_id uuid NOT NULL REFERENCES family(id),
      position integer NOT NULL,
      agency_id text NOT NULL,
      service_id text NOT NULL,
      need_codes text[] NOT NULL,
      urgency text NOT NULL CHECK (urgency IN ('routine', 'urgent')),
      status text NOT NULL,
      version integer NOT NULL DEFAULT 1,
      reason text NULL,
      outcome text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (referral_id, agency_id))`);
    await q.query(`CREATE INDEX referral_route_family_agency ON referral_route (family_id, agency_id)`);
    await q.query(`CREATE INDEX referral_route_agency ON referral_route (agency_id)`);
    await q.query(`CREATE TABLE referral_need (
      id uuid PRIMARY KEY,
      referral_id uuid NOT NULL REFERENCES referral(id),
      position integer NOT NULL,
      code text NOT NULL,
      person_id uuid NULL REFERENCES family_member(id),
      urgency text NOT NULL CHECK (urgency IN ('routine', 'urgent')),
      notes text NULL,
      route_id uuid NULL REFERENCES referral_route(id))`);
    await q.query(`CREATE INDEX referral_need_referral ON referral_need (referral_id)`);
    await q.query(`CREATE TABLE route_history (
      seq bigserial PRIMARY KEY,
      route_id uuid NOT NULL REFERENCES referral_route(id),
      from_status text NOT NULL,
      to_status text NOT NULL,
      actor jsonb NOT NULL,
      reason text NULL,
      outcome text NULL,
      at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX route_history_route ON route_history (route_id, seq)`);

    await q.query(`CREATE TABLE consent_record_view (
      id text PRIMARY KEY,
      family_id uuid NOT NULL,
      decision text NOT NULL CHECK (decision IN ('permit', 'deny')),
      subject_person_ids text[] NOT NULL,
      agency_ids text[] NOT NULL,
      purposes text[] NOT NULL,
      data_categories text[] NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'withdrawn', 'expired')),
      expires_at timestamptz NULL,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX consent_record_view_family ON consent_record_view (family_id)`);
    await q.query(`CREATE TABLE override_view (
      id text PRIMARY KEY,
      family_id uuid NOT NULL,
      agency_id text NOT NULL,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX override_view_family ON override_view (family_id, agency_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['override_view', 'consent_record_view', 'route_history', 'referral_need', 'referral_route', 'referral', 'family_member', 'family', 'directory_service', 'agency', 'hub']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
