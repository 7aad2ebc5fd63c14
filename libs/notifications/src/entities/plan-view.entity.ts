import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which agency leads a plan and which hub opened it: where review-overdue notices go. */
@Entity('plan_views')
export class PlanView {
  @PrimaryColumn('text', { name: 'plan_id' }) planId: string;
  @Column('text', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'lead_agency_id' }) leadAgencyId: string;
  @Column('text', { name: 'hub_id', nullable: true }) hubId: string | null;
}
