import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What this service knows of an agency: directory state, Kafka delivery choice, notification inbox. */
@Entity('partner_agencies')
export class PartnerAgency {
  @PrimaryColumn('text', { name: 'agency_id' }) agencyId: string;
  @Column('boolean') active: boolean;
  /** The agency takes partner events from its own topic (partnerTopic(agencyId)). */
  @Column('boolean', { name: 'kafka_enabled' }) kafkaEnabled: boolean;
  @Column('text', { name: 'kafka_event_types', array: true }) kafkaEventTypes: string[];
  /** The partner topic exists on the broker: only then is anything written for it. */
  @Column('boolean', { name: 'topic_ready' }) topicReady: boolean;
  @Column('text', { name: 'notification_email', nullable: true }) notificationEmail: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
