import { Injectable } from '@nestjs/common';
import { NotificationQueues, QueueCounts } from '../queues/notification-queues';
import { DeliveryCounts, WebhookMessagesRepository } from '../repositories/webhook-messages.repository';

export interface NotificationsOpsStatus {
  queues: QueueCounts[];
  /** Webhook messages by state: `dead` is the dead-letter list (exhausted, 410, or disabled endpoint). */
  webhookMessages: DeliveryCounts;
  deadLetters: number;
}

/** Counts for the ops view (no family data); the gateway's ops endpoint reads this later. */
@Injectable()
export class NotificationsOpsService {
  constructor(
    private readonly queues: NotificationQueues,
    private readonly messages: WebhookMessagesRepository,
  ) {}

  async status(): Promise<NotificationsOpsStatus> {
    const [queues, webhookMessages] = await Promise.all([this.queues.counts(), this.messages.counts()]);
    return { queues, webhookMessages, deadLetters: webhookMessages.dead };
  }

  /** The dead-letter list: ids and types only. */
  async deadLetters(limit = 100) {
    return (await this.messages.deadLetters(limit)).map((m) => ({ id: m.id, subscriptionId: m.subscriptionId, agencyId: m.agencyId, eventType: m.eventType, sourceEventId: m.sourceEventId, attempts: m.attempts, at: m.createdAt.toISOString() }));
  }
}
