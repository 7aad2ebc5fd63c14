import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { partnerTopic } from '@tellonce/contracts';
import { OutboxMessage, OutboxRelay, WrittenAtCommit } from '@tellonce/messaging';
import { LOGGER } from '@tellonce/platform';
import { decideSharing } from '@tellonce/sharing-policy';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { WebhookMessage } from '../entities/webhook-message.entity';
import { deterministicUuid } from '../domain/deterministic-id';
import { PartnerEvent, partnerEventId, toPartnerCloudEvent } from '../domain/partner-event';
import { NotificationQueues } from '../queues/notification-queues';
import { DeliveryTargets, PartnerDirectoryRepository, RouteViewInput } from '../repositories/partner-directory.repository';
import { SharingViewRepository } from '../repositories/sharing-view.repository';
import { WebhookMessagesRepository } from '../repositories/webhook-messages.repository';
import { MessageCommitSignals } from './message-commit-signals';
import { PractitionerNotifier } from './practitioner-notifier.service';

/**
 * Sends a partner event to its agency's webhooks, its partner topic and its staff, but only as far
 * as sharing permits. An event the local sharing view does not yet permit is held and released
 * when a consent event makes it permitted (consent and referral events travel on different topics).
 */
@Injectable()
export class PartnerFanOutService implements OnModuleInit {
  private readonly messagesAtCommit = new WrittenAtCommit<WebhookMessage>((messages, manager) => this.writeMessages(manager, messages));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sharing: SharingViewRepository,
    private readonly messages: WebhookMessagesRepository,
    private readonly directory: PartnerDirectoryRepository,
    private readonly queues: NotificationQueues,
    private readonly notifier: PractitionerNotifier,
    private readonly commits: MessageCommitSignals,
    private readonly relay: OutboxRelay,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.messagesAtCommit.subscribeTo(this.dataSource);
  }

  /** `knownRoute`: the view of the event's route as its source event tells it, recorded whether the event goes out or is held. */
  async publish(manager: EntityManager, event: PartnerEvent, knownRoute?: RouteViewInput): Promise<void> {
    if (await this.permitted(manager, event)) {
      await this.dispatch(manager, event, knownRoute);
      return;
    }
    if (knownRoute) await this.directory.upsertRoutes(manager, [knownRoute]);
    await this.sharing.hold(manager, {
      id: deterministicUuid('held', event.sourceEventId, event.sourceKey),
      familyId: event.familyId,
      agencyId: event.agencyId,
      event,
      createdAt: new Date(),
    });
    this.logger.info({ sourceEventId: event.sourceEventId, agencyId: event.agencyId, type: event.type }, 'partner event held until sharing is permitted');
  }

  /** After a consent event (whose handler took the family's sharing lock first): sends whatever held event is now permitted. */
  async releaseHeld(manager: EntityManager, familyId: string): Promise<void> {
    for (const held of await this.sharing.heldFor(manager, familyId)) {
      if (!(await this.permitted(manager, held.event))) continue;
      await this.dispatch(manager, held.event);
      await this.sharing.release(manager, held.id);
    }
  }

  /** Under the family's sharing lock (taken here if this transaction does not hold it yet). */
  private async permitted(manager: EntityManager, event: PartnerEvent): Promise<boolean> {
    const view = await this.sharing.lockedViewOf(manager, event.familyId);
    const decision = decideSharing({ ...view, familyId: event.familyId, agencyId: event.agencyId, purpose: event.purpose, dataCategory: event.dataCategory, at: new Date() });
    if (decision.permitted) return true;
    // A cancellation only tells an agency that something it already holds has ended (ids only):
    // it goes to an agency that was told of the route, even after its consent was withdrawn.
    if (event.type === 'referral.route.cancelled' && event.subject.kind === 'route') {
      const route = await this.directory.findRoute(manager, event.subject.id);
      return route?.sharedWithAgency === true;
    }
    return false;
  }

  private async dispatch(manager: EntityManager, event: PartnerEvent, knownRoute?: RouteViewInput): Promise<void> {
    // One round trip: where it goes, and (for a route) the route marked as shared with its agency.
    const targets = await this.directory.deliveryTargets(manager, event.agencyId, event.type, event.subject.kind === 'route' ? event.subject.id : undefined, knownRoute);
    await this.toWebhooks(manager, event, targets.subscriptionIds);
    await this.toPartnerTopic(manager, event, targets.kafka);
    await this.notifier.fromPartnerEvent(manager, event, targets.route);
  }

  private async toWebhooks(manager: EntityManager, event: PartnerEvent, subscriptionIds: string[]): Promise<void> {
    const now = new Date();
    for (const subscriptionId of subscriptionIds) {
      const id = partnerEventId(event, `webhook:${subscriptionId}`);
      await this.messagesAtCommit.add(manager, {
        id,
        subscriptionId,
        agencyId: event.agencyId,
        familyId: event.familyId,
        eventType: event.type,
        sourceEventId: event.sourceEventId,
        body: JSON.stringify(toPartnerCloudEvent(event, id)),
        status: 'pending',
        attempts: 0,
        replays: 0,
        eventTime: new Date(event.time),
        createdAt: now,
      });
    }
  }

  /**
   * Just before the transaction commits: the run's new messages in one statement, then their jobs
   * in one round trip (if Redis is down the commit fails and Kafka redelivers). The worker of this
   * process waits for the commit signal, not the database.
   */
  private async writeMessages(manager: EntityManager, messages: WebhookMessage[]): Promise<void> {
    const inserted = await this.messages.insertNewWithPendingAttempts(manager, messages);
    for (const id of inserted) this.commits.stage(manager, id);
    await this.queues.enqueueDeliveries(inserted);
  }

  /** Through the outbox, so the partner topic gets the event exactly when this transaction commits. */
  private async toPartnerTopic(manager: EntityManager, event: PartnerEvent, agency: DeliveryTargets['kafka']): Promise<void> {
    if (!agency?.kafkaEnabled || !agency.topicReady || !agency.active ) return;
    if (agency.kafkaEventTypes.length > 0 && !agency.kafkaEventTypes.includes(event.type)) return;
    const id = partnerEventId(event, `kafka:${event.agencyId}`);
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values({
        eventId: id,
        topic: partnerTopic(event.agencyId),
        key: event.familyId,
        type: event.type,
        headers: { 'content-type': 'application/cloudevents+json' },
        data: toPartnerCloudEvent(event, id),
      })
      .orIgnore()
      .execute();
    this.relay.wakeAfterCommit(manager);
  }
}
