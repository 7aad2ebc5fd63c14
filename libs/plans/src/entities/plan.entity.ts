import type { Actor, LevelOfNeed, PlanActionStatus } from '@tellonce/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PlanStatus = 'open' | 'closed';

/** A Team Around the Family plan. `version` goes up by one with every change. */
@Entity('plans')
export class PlanEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'family_id' }) familyId: string;
  @Column('text') status: PlanStatus;
  @Column('text', { name: 'level_of_need' }) levelOfNeed: LevelOfNeed;
  @Column('text', { name: 'lead_name', nullable: true }) leadName: string | null;
  @Column('text', { name: 'lead_agency_id' }) leadAgencyId: string;
  @Column('date', { name: 'next_review_date' }) nextReviewDate: string;
  @Column('int') version: number;
  @Column('text', { name: 'close_reason', nullable: true }) closeReason: string | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('jsonb', { name: 'created_by' }) createdBy: Actor;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity('plan_outcomes')
export class PlanOutcomeEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'plan_id' }) planId: string;
  @Column('int') position: number;
  @Column('text') description: string;
}

@Entity('plan_actions')
export class PlanActionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'plan_id' }) planId: string;
  /** Order within the plan: as listed at creation, then as added. */
  @Column('int') position: number;
  @Column('uuid', { name: 'outcome_id', nullable: true }) outcomeId: string | null;
  @Column('text') description: string;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('date', { name: 'due_date' }) dueDate: string;
  @Column('text') status: PlanActionStatus;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

export interface ReviewAttendee {
  name: string;
  agencyId: string;
}

@Entity('plan_reviews')
export class PlanReviewEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'plan_id' }) planId: string;
  @Column('text') summary: string;
  @Column('jsonb') attendees: ReviewAttendee[];
  @Column('jsonb', { name: 'outcome_progress' }) outcomeProgress: { outcomeId: string; score: number }[];
  @Column('date', { name: 'next_review_date' }) nextReviewDate: string;
  @Column('jsonb') actor: Actor;
  @Column('timestamptz', { name: 'held_at' }) heldAt: Date;
}

/** Level history: every step up or down, with its reason (free text, kept here, never in events). */
@Entity('plan_level_changes')
export class PlanLevelChangeEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'plan_id' }) planId: string;
  @Column('text', { name: 'from_level' }) from: LevelOfNeed;
  @Column('text', { name: 'to_level' }) to: LevelOfNeed;
  @Column('text') reason: string;
  @Column('text', { name: 'lead_agency_before' }) leadAgencyBefore: string;
  @Column('text', { name: 'lead_agency_after' }) leadAgencyAfter: string;
  @Column('boolean', { name: 'lead_handed_back' }) leadHandedBack: boolean;
  @Column('jsonb') actor: Actor;
  @Column('timestamptz', { name: 'changed_at' }) changedAt: Date;
}
