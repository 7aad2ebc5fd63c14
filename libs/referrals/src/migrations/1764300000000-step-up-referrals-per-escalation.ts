import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A plan may step up to specialist again after its first social-care route closed (declined,
 * cancelled, completed), and each escalation needs a route of its own: a plan may now have several
 * step-up referrals. Duplicates of one escalation are still impossible: the event is consumed once
 * (inbox), and a plan with a social-care route still open gets no second one.
 */
export class StepUpReferralsPerEscalation1764300000000 implements MigrationInterface {
  name = 'StepUpReferralsPerEscalation1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX referral_plan_once`);
    await q.query(`CREATE INDEX referral_plan ON referral (plan_id) WHERE plan_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX referral_plan`);
    await q.query(`CREATE UNIQUE INDEX referral_plan_once ON referral (plan_id) WHERE plan_id IS NOT NULL`);
  }
}
