import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Local copy of consent records (ConsentRecordView of @tellonce/sharing-policy), fed by consent events. */
@Entity('timeline_consent_record')
@Index('timeline_consent_record_family', ['familyId'])
export class ConsentRecordRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'family_id' }) familyId: string;
  @Column('text') decision: 'permit' | 'deny';
  @Column('text', { name: 'subject_person_ids', array: true }) subjectPersonIds: string[];
  @Column('text', { name: 'agency_ids', array: true }) agencyIds: string[];
  @Column('text', { array: true }) purposes: string[];
  @Column('text', { name: 'data_categories', array: true }) dataCategories: string[];
  @Column('text') status: 'active' | 'withdrawn' | 'expired';
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** Fed by SafeguardingOverrideRecordedV1. */
@Entity('timeline_safeguarding_override')
@Index('timeline_safeguarding_override_family', ['familyId'])
export class SafeguardingOverrideRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
