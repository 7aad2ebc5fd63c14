import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An event waiting to be published. Written in the same transaction as the state change it describes. */
@Entity('outbox')
@Index('outbox_unpublished', ['seq'], { where: 'published_at IS NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) seq: string;
  @Column('uuid', { name: 'event_id', unique: true }) eventId: string;
  @Column('text') topic: string;
  @Column('text', { name: 'message_key' }) key: string;
  @Column('text') type: string;
  @Column('jsonb') headers: Record<string, string>;
  @Column('jsonb') data: unknown;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
}

/** Events this service has handled, by consumer group: redelivery of one of these is a no-op. */
@Entity('inbox')
export class InboxMessage {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId: string;
  @PrimaryColumn('text', { name: 'consumer_group' }) consumerGroup: string;
  @Column('text') type: string;
  @Column('timestamptz', { name: 'processed_at', default: () => 'now()' }) processedAt: Date;
}

export const MESSAGING_ENTITIES = [OutboxMessage, InboxMessage];
