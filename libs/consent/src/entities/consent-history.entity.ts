import type { Actor } from '@tellonce/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ConsentRecordStatus } from './consent-record.entity';

/** Append-only: every status a consent record has had, when, by whom and why. */
@Entity('consent_history')
@Index('consent_history_consent', ['consentId', 'at'])
export class ConsentHistoryEntry {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'consent_id' }) consentId: string;
  @Column('text') status: ConsentRecordStatus;
  @Column('timestamptz') at: Date;
  @Column('jsonb') actor: Actor;
  @Column('text', { nullable: true }) reason: string | null;
}
