import type { Actor, DataCategory } from '@tellonce/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ConsentRecordStatus = 'active' | 'withdrawn' | 'expired';

/**
 * One recorded consent decision. What was agreed is never edited; only its status moves on
 * (active -> withdrawn | expired), each move also written to consent_history.
 */
@Entity('consent_records')
@Index('consent_records_family_status', ['familyId', 'status'])
export class ConsentRecord {
  @PrimaryColumn('uuid') id: string;
  /** Filled by the database (bigserial); orders lists and cursors. */
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column('uuid', { name: 'family_id' }) familyId: string;
  @Column('text') decision: 'permit' | 'deny';
  @Column('uuid', { name: 'subject_person_ids', array: true }) subjectPersonIds: string[];
  @Column('uuid', { name: 'granted_by_person_id' }) grantedByPersonId: string;
  @Column('text', { name: 'agency_ids', array: true }) agencyIds: string[];
  @Column('text', { array: true }) purposes: string[];
  @Column('text', { name: 'data_categories', array: true }) dataCategories: DataCategory[];
  @Column('text') method: 'verbal' | 'written' | 'online';
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @Column('text') status: ConsentRecordStatus;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
  @Column('jsonb', { name: 'recorded_by' }) recordedBy: Actor;
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true }) withdrawnAt: Date | null;
  @Column('jsonb', { name: 'withdrawn_by', nullable: true }) withdrawnBy: Actor | null;
  @Column('text', { name: 'withdrawal_reason', nullable: true }) withdrawalReason: string | null;
  @Column('timestamptz', { name: 'expired_at', nullable: true }) expiredAt: Date | null;
}
