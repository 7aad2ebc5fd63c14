import { Injectable } from '@nestjs/common';
import { badRequest } from '@tellonce/platform';
import { decodeCursor, encodeCursor } from '../domain/cursor';
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

  /** The dead-letter list, newest first: ids and types only. */
  async deadLetters(limit = 50, cursor?: string) {
    const decoded = decodeCursor(cursor);
    if (decoded === 'invalid') throw badRequest('The cursor is not valid.', [{ field: 'cursor', message: 'is not a cursor this API gave out' }]);
    const rows = await this.messages.deadLetters(limit + 1, decoded);
    const page = rows.slice(0, limit);
    return {
      items: page.map((m) => ({ id: m.id, subscriptionId: m.subscriptionId, agencyId: m.agencyId, eventType: m.eventType, sourceEventId: m.sourceEventId, attempts: m.attempts, at: m.createdAt.toISOString() })),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].createdAt, page[page.length - 1].id) : null,
    };
  }
}
