import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type MessageStatus = 'pending' | 'succeeded' | 'failed' | 'dead';

/**
 * One partner event for one subscription. Its id is the CloudEvent id and the `webhook-id`
 * header (the same on every attempt and replay), derived from (source event id, subscription).
 */
@Entity('webhook_messages')
@Index('webhook_messages_subscription_time', ['subscriptionId', 'eventTime'])
export class WebhookMessage {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'subscription_id' }) subscriptionId: string;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('text', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'event_type' }) eventType: string;
  @Column('text', { name: 'source_event_id' }) sourceEventId: string;
  /** The exact JSON body signed and sent (a structured-mode CloudEvent). */
  @Column('text') body: string;
  @Column('text') status: MessageStatus;
  @Column('int') attempts: number;
  /** Replays so far: part of the BullMQ job id, so a replay is a new job. */
  @Column('int', { name: 'replays', default: 0 }) replays: number;
  @Column('timestamptz', { name: 'event_time' }) eventTime: Date;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
