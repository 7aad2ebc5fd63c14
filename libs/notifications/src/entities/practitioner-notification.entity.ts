import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type NotificationKind = 'route-requested' | 'action-assigned' | 'action-overdue' | 'review-overdue';

/** An in-app notification for an agency's or a hub's staff; references and links only. */
@Entity('practitioner_notifications')
@Index('practitioner_notifications_agency', ['agencyId', 'createdAt'])
@Index('practitioner_notifications_hub', ['hubId', 'createdAt'])
export class PractitionerNotification {
  @PrimaryColumn('uuid') id: string;
  @Column('text') kind: NotificationKind;
  @Column('text', { name: 'agency_id', nullable: true }) agencyId: string | null;
  @Column('text', { name: 'hub_id', nullable: true }) hubId: string | null;
  @Column('text', { name: 'family_id' }) familyId: string;
  @Column('text') urgency: 'routine' | 'urgent';
  @Column('text', { nullable: true }) reference: string | null;
  @Column('text', { name: 'subject_kind' }) subjectKind: string;
  @Column('text', { name: 'subject_id' }) subjectId: string;
  @Column('text', { name: 'need_codes', array: true }) needCodes: string[];
  @Column('text', { name: 'due_date', nullable: true }) dueDate: string | null;
  @Column('text') link: string;
  @Column('text', { name: 'source_event_id' }) sourceEventId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'emailed_at', nullable: true }) emailedAt: Date | null;
}
