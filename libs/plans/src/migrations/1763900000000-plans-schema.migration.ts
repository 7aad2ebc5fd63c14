import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlansSchema1763900000000 implements MigrationInterface {
  name = 'PlansSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE plans (
      id uuid PRIMARY KEY,
      family_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'closed')),
      level_of_need text NOT NULL,
      lead_name text NULL,
      lead_agency_id text NOT NULL,
      next_review_date date NOT NULL,
      version int NOT NULL,
      close_reason text NULL,
      closed_at timestamptz NULL,
      created_by jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
    // One open plan per family, enforced by the database too (a race gets a unique violation -> 409).
    await q.query(`CREATE UNIQUE INDEX plans_one_open_per_family ON plans (family_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX plans_by_family ON plans (family_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX plans_open_by_review ON plans (next_review_date) WHERE status = 'open'`);
    await q.query(`CREATE TABLE plan_outcomes (
      id uuid PRIMARY KEY,
      plan_id uuid NOT NULL REFERENCES plans(id),
      position int NOT NULL,
      description text NOT NULL)`);
    await q.query(`CREATE INDEX plan_outcomes_by_plan ON plan_outcomes (plan_id, position)`);
    await q.query(`CREATE TABLE plan_actions (
      id uuid PRIMARY KEY,
      plan_id uuid NOT NULL REFERENCES plans(id),
      position int NOT NULL,
      outcome_id uuid NULL REFERENCES plan_outcomes(id),
      description text NOT NULL,
      agency_id text NOT NULL,
      due_date date NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'in-progress', 'done', 'blocked', 'cancelled')),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX plan_actions_by_plan ON plan_actions (plan_id, position)`);
    await q.query(`CREATE INDEX plan_actions_outstanding ON plan_actions (due_date) WHERE status IN ('open', 'in-progress', 'blocked')`);
    await q.query(`CREATE TABLE plan_reviews (
      id uuid PRIMARY KEY,
      plan_id uuid NOT NULL REFERENCES plans(id),
      summary text NOT NULL,
      attendees jsonb NOT NULL,
      outcome_progress jsonb NOT NULL,
      next_review_date date NOT NULL,
      actor jsonb NOT NULL,
      held_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX plan_reviews_by_plan ON plan_reviews (plan_id, held_at)`);
    await q.query(`CREATE TABLE plan_level_changes (
      id uuid PRIMARY KEY,
      plan_id uuid NOT NULL REFERENCES plans(id),
      from_level text NOT NULL,
      to_level text NOT NULL,
      reason text NOT NULL,
      lead_agency_before text NOT NULL,
      lead_agency_after text NOT NULL,
      lead_handed_back boolean NOT NULL,
      actor jsonb NOT NULL,
      changed_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX plan_level_changes_by_plan ON plan_level_changes (plan_id, changed_at)`);
    await q.query(`CREATE TABLE known_agencies (
      agency_id text PRIMARY KEY,
      kind text NOT NULL,
      active boolean NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE known_families (
      family_id uuid PRIMARY KEY,
      hub_id text NOT NULL,
      registered_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE sharing_consents (
      consent_id uuid PRIMARY KEY,
      family_id uuid NOT NULL,
      decision text NOT NULL,
      subject_person_ids jsonb NOT NULL,
      agency_ids jsonb NOT NULL,
      purposes jsonb NOT NULL,
      data_categories jsonb NOT NULL,
      status text NOT NULL,
      expires_at timestamptz NULL,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX sharing_consents_by_family ON sharing_consents (family_id)`);
    await q.query(`CREATE TABLE sharing_overrides (
      override_id uuid PRIMARY KEY,
      family_id uuid NOT NULL,
      agency_id text NOT NULL,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX sharing_overrides_by_family ON sharing_overrides (family_id)`);
    await q.query(`CREATE TABLE overdue_notices (
      kind text NOT NULL,
      item_id uuid NOT NULL,
      due_date date NOT NULL,
      emitted_at timestamptz NOT NULL,
      PRIMARY KEY (kind, item_id, due_date))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['overdue_notices', 'sharing_overrides', 'sharing_consents', 'known_families', 'known_agencies', 'plan_level_changes', 'plan_reviews', 'plan_actions', 'plan_outcomes', 'plans']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
