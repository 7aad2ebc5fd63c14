import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Local copy of a consent record (ids and codes), fed by consent events. */
@Entity('sharing_consent_records')
@Index('sharing_consent_records_family', ['familyId'])
export class SharingConsentRecord {
  @PrimaryColumn('uuid') id: string;
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

@Entity('sharing_overrides')
@Index('sharing_overrides_family', ['familyId'])
export class SharingOverride {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
