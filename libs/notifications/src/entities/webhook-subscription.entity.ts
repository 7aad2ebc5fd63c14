import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type SubscriptionStatus = 'active' | 'disabled' | 'deleted';

/** A partner agency's webhook endpoint and the event types it wants. */
@Entity('webhook_subscriptions')
@Index('webhook_subscriptions_agency', ['agencyId'])
export class WebhookSubscription {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'agency_id' }) agencyId: string;
  @Column('text') url: string;
  @Column('text', { name: 'event_types', array: true }) eventTypes: string[];
  @Column('text', { nullable: true }) description: string | null;
  /** Needed in clear to sign (HMAC); never returned after creation or rotation. */
  @Column('text') secret: string;
  @Column('text', { name: 'previous_secret', nullable: true }) previousSecret: string | null;
  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true }) previousSecretExpiresAt: Date | null;
  @Column('text') status: SubscriptionStatus;
  @Column('text', { name: 'disabled_reason', nullable: true }) disabledReason: string | null;
  /** First failure of the current unbroken run of failures; cleared by any success. */
  @Column('timestamptz', { name: 'failing_since', nullable: true }) failingSince: Date | null;
  @Column('text', { name: 'idempotency_key', nullable: true }) idempotencyKey: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
