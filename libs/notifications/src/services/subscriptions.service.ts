import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { partnerTopic } from '@tellonce/contracts';
import { badRequest, conflict, notFound, Principal } from '@tellonce/platform';
import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../domain/cursor';
import { checkWebhookUrl } from '../domain/webhook-url-policy';
import { generateWebhookSecret } from '../domain/webhook-signature';
import { WebhookSubscription } from '../entities/webhook-subscription.entity';
import { CreateSubscriptionDto, KafkaDeliveryDto } from '../http/subscription.dto';
import { NOTIFICATIONS_SETTINGS, NotificationsSettings } from '../notifications.settings';
import { NotificationQueues } from '../queues/notification-queues';
import { PartnerDirectoryRepository } from '../repositories/partner-directory.repository';
import { SubscriptionsRepository } from '../repositories/subscriptions.repository';
import { WebhookMessagesRepository } from '../repositories/webhook-messages.repository';

export interface SubscriptionView {
  id: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  status: string;
  disabledReason?: string;
  createdAt: string;
}

function view(s: WebhookSubscription): SubscriptionView {
  const out: SubscriptionView = { id: s.id, url: s.url, eventTypes: s.eventTypes, description: s.description, status: s.status, createdAt: s.createdAt.toISOString() };
  if (s.disabledReason) out.disabledReason = s.disabledReason;
  return out;
}

function agencyOf(principal: Principal): string {
  // The matrix admits only agency-system here; a token without an agency sees nothing.
  if (!principal.agencyId) throw notFound('subscription');
  return principal.agencyId;
}

/** Partner webhook subscriptions: always scoped to the caller's own agency (another agency's is 404). */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly messages: WebhookMessagesRepository,
    private readonly directory: PartnerDirectoryRepository,
    private readonly queues: NotificationQueues,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NOTIFICATIONS_SETTINGS) private readonly settings: NotificationsSettings,
  ) {}

  async create(principal: Principal, dto: CreateSubscriptionDto, idempotencyKey?: string): Promise<SubscriptionView & { secret: string }> {
    const agencyId = principal.agencyId;
    if (!agencyId) throw badRequest('The token names no agency.', [{ field: 'agencyId', message: 'is required in the token' }]);
    if (idempotencyKey) {
      const existing = await this.subscriptions.findByIdempotencyKey(agencyId, idempotencyKey);
      if (existing) return { ...view(existing), secret: existing.secret };
    }
    const verdict = await checkWebhookUrl(dto.url, this.settings.WEBHOOK_ALLOW_INSECURE === 'true', async (host) => (await lookup(host, { all: true })).map((a) => a.address));
    if (!verdict.ok) throw badRequest('The webhook URL is not allowed.', [{ field: 'url', message: verdict.message }]);
    const now = new Date();
    const subscription: WebhookSubscription = {
      id: randomUUID(),
      agencyId,
      url: dto.url,
      eventTypes: [...new Set(dto.eventTypes)],
      description: dto.description ?? null,
      secret: generateWebhookSecret(),
      previousSecret: null,
      previousSecretExpiresAt: null,
      status: 'active',
      disabledReason: null,
      failingSince: null,
      idempotencyKey: idempotencyKey ?? null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.subscriptions.insert(subscription);
    } catch (error) {
      // A concurrent retry with the same key won the race: answer as it did.
      const existing = idempotencyKey ? await this.subscriptions.findByIdempotencyKey(agencyId, idempotencyKey) : null;
      if (existing) return { ...view(existing), secret: existing.secret };
      throw error;
    }
    return { ...view(subscription), secret: subscription.secret };
  }

  async list(principal: Principal, limit = 50, cursor?: string): Promise<{ items: SubscriptionView[]; nextCursor: string | null }> {
    const agencyId = agencyOf(principal);
    const decoded = decodeCursor(cursor);
    if (decoded === 'invalid') throw badRequest('The cursor is not valid.', [{ field: 'cursor', message: 'is not a cursor this API gave out' }]);
    const rows = await this.subscriptions.pageForAgency(agencyId, limit + 1, decoded);
    const page = rows.slice(0, limit);
    return { items: page.map(view), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].createdAt, page[page.length - 1].id) : null };
  }

  private async owned(principal: Principal, id: string): Promise<WebhookSubscription> {
    const subscription = /^[0-9a-f-]{36}$/i.test(id) ? await this.subscriptions.findOwned(agencyOf(principal), id) : null;
    if (!subscription) throw notFound('subscription');
    return subscription;
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const subscription = await this.owned(principal, id);
    await this.subscriptions.update(this.dataSource.manager, subscription.id, { status: 'deleted' });
  }

  async rotateSecret(principal: Principal, id: string): Promise<{ secret: string; previousSecretExpiresAt: string }> {
    const subscription = await this.owned(principal, id);
    const expiresAt = new Date(Date.now() + this.settings.WEBHOOK_SECRET_ROTATION_SECONDS * 1000);
    const secret = generateWebhookSecret();
    await this.subscriptions.update(this.dataSource.manager, subscription.id, { secret, previousSecret: subscription.secret, previousSecretExpiresAt: expiresAt });
    return { secret, previousSecretExpiresAt: expiresAt.toISOString() };
  }

  async deliveries(principal: Principal, id: string, limit = 50, cursor?: string) {
    const subscription = await this.owned(principal, id);
    const decoded = decodeCursor(cursor);
    if (decoded === 'invalid') throw badRequest('The cursor is not valid.', [{ field: 'cursor', message: 'is not a cursor this API gave out' }]);
    const rows = await this.messages.deliveriesPage(subscription.id, limit + 1, decoded);
    const page = rows.slice(0, limit);
    return {
      items: page.map((d) => ({
        id: d.id,
        webhookId: d.messageId,
        eventId: d.messageId,
        sourceEventId: d.sourceEventId,
        eventType: d.eventType,
        attempt: d.attempt,
        status: d.status,
        statusCode: d.statusCode,
        durationMs: d.durationMs,
        error: d.error,
        at: d.at.toISOString(),
      })),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].at, page[page.length - 1].id) : null,
    };
  }

  /** Sends again every message of the subscription since `since`, with its original webhook-id. */
  async replay(principal: Principal, id: string, since: string): Promise<{ replayed: number }> {
    const subscription = await this.owned(principal, id);
    if (subscription.status !== 'active') throw conflict('The subscription is disabled: replay needs an active subscription.', 'subscription-disabled');
    const messages = await this.messages.messagesSince(subscription.id, new Date(since));
    for (const message of messages) {
      const replay = await this.dataSource.transaction(async (manager) => {
        const n = await this.messages.markReplayed(message.id, manager);
        await this.messages.recordPending(manager, { id: randomUUID(), messageId: message.id, subscriptionId: subscription.id, eventType: message.eventType, attempt: message.attempts + 1, at: new Date() });
        return n;
      });
      await this.queues.enqueueDelivery(message.id, replay);
    }
    return { replayed: messages.length };
  }

  async setKafkaDelivery(principal: Principal, dto: KafkaDeliveryDto) {
    const agencyId = agencyOf(principal);
    const agency = await this.directory.setKafkaDelivery(agencyId, dto.enabled, dto.eventTypes ?? []);
    return { topic: partnerTopic(agencyId), enabled: agency.kafkaEnabled, eventTypes: agency.kafkaEventTypes, topicReady: agency.topicReady };
  }
}
