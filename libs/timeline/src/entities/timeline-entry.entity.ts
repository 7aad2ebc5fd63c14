import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EntryActor } from '../domain/describe-entry';

/** One thing that happened to a family. The id is the source event's id, so replays change nothing. */
@Entity('timeline_entry')
@Index('timeline_entry_family_at_seq', ['familyId', 'at', 'seq'])
export class TimelineEntry {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'family_id' }) familyId: string;
  @Column('timestamptz') at: Date;
  /** Arrival order; breaks ties between entries with the same event time. */
  @Column('bigint', { generated: 'increment', unique: true }) seq: string;
  @Column('text') type: string;
  @Column('text') source: string;
  @Column('text') summary: string;
  @Column('jsonb') actor: EntryActor;
  @Column('text', { name: 'subject_kind' }) subjectKind: string;
  @Column('text', { name: 'subject_id' }) subjectId: string;
  /** Agencies the entry is about; null = family-wide. */
  @Column('text', { name: 'agency_ids', array: true, nullable: true }) agencyIds: string[] | null;
  /** Directory ids named by the summary (re-rendered when one is renamed). */
  @Column('text', { array: true }) mentions: string[];
  /** The event's data (ids and codes only), kept to re-render the summary. */
  @Column('jsonb') data: unknown;
}
