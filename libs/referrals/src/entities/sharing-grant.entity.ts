import type { DataCategory } from '@tellonce/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Local sharing view, fed by consent events (ConsentGranted/Withdrawn/Expired): one row per consent
 * record, decided with @tellonce/sharing-policy exactly as the consent service decides.
 */
@Entity('consent_record_view')
export class ConsentRecordRow {
  @PrimaryColumn('text') id: string;
  @Column('uuid', { name: 'family_id' }) familyId: string;
  @Column('text') decision: 'permit' | 'deny';
  @Column('text', { name: 'subject_person_ids', array: true }) subjectPersonIds: string[];
  @Column('text', { name: 'agency_ids', array: true }) agencyIds: string[];
  @Column('text', { array: true }) purposes: string[];
  @Column('text', { name: 'data_categories', array: true }) dataCategories: DataCategory[];
  @Column('text') status: 'active' | 'withdrawn' | 'expired';
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** Safeguarding overrides (SafeguardingOverrideRecorded): share with one agency without consent. */
@Entity('override_view')
export class OverrideRow {
  @PrimaryColumn('text') id: string;
  @Column('uuid', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
