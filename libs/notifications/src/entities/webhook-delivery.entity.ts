import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type DeliveryStatus = 'succeeded' | 'failed' | 'pending' | 'dead';

/** One delivery attempt (or the next one, while `pending`): time, status code, duration, error. */
@Entity('webhook_deliveries')
@Index('webhook_deliveries_subscription_at', ['subscriptionId', 'at', 'id'])
@Index('webhook_deliveries_message_attempt', ['messageId', 'attempt'], { unique: true })
export class WebhookDelivery {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'message_id' }) messageId: string;
  @Column('uuid', { name: 'subscription_id' }) subscriptionId: string;
  @Column('text', { name: 'event_type' }) eventType: string;
  @Column('int') attempt: number;
  @Column('text') status: DeliveryStatus;
  @Column('int', { name: 'status_code', nullable: true }) statusCode: number | null;
  @Column('int', { name: 'duration_ms', nullable: true }) durationMs: number | null;
  /** Our own short description (timeout, connection refused, HTTP 500); never the response body. */
  @Column('text', { nullable: true }) error: string | null;
  @Column('timestamptz') at: Date;
}
