import { KafkaEventConsumer } from '@tellonce/messaging';
import { DynamicModule, Module } from '@nestjs/common';
import { CreatePartnerTopicWhenAgencyIsUpsertedHandler } from './handlers/create-partner-topic-when-agency-is-upserted.handler';
import { NotifyAgencyWhenPlanActionIsOverdueHandler, NotifyLeadWhenPlanReviewIsOverdueHandler, RecordPlanWhenPlanIsCreatedHandler } from './handlers/notify-staff-when-plan-work-is-overdue.handlers';
import { RecordRoutesWhenReferralIsRaisedHandler } from './handlers/record-routes-when-referral-is-raised.handler';
import { TellAgencyWhenPlanActionIsAssignedHandler } from './handlers/tell-agency-when-plan-action-is-assigned.handler';
import { TellAgencyWhenRouteStatusChangesHandler } from './handlers/tell-agency-when-route-status-changes.handler';
import {
  ReleaseHeldEventsWhenConsentIsGrantedHandler,
  ReleaseHeldEventsWhenOverrideIsRecordedHandler,
  StopSharingWhenConsentExpiresHandler,
  StopSharingWhenConsentIsWithdrawnHandler,
} from './handlers/update-sharing-view-when-consent-changes.handlers';
import { NotificationsController } from './http/notifications.controller';
import { NotificationsOpsController } from './http/ops.controller';
import { SubscriptionsController } from './http/subscriptions.controller';
import { NOTIFICATIONS_SETTINGS, NotificationsSettings } from './notifications.settings';
import { NotificationQueues } from './queues/notification-queues';
import { PartnerDirectoryRepository } from './repositories/partner-directory.repository';
import { PractitionerNotificationsRepository } from './repositories/practitioner-notifications.repository';
import { SharingViewRepository } from './repositories/sharing-view.repository';
import { SubscriptionsRepository } from './repositories/subscriptions.repository';
import { WebhookMessagesRepository } from './repositories/webhook-messages.repository';
import { MailSender, SmtpMailSender } from './services/mail-sender';
import { NotificationInboxService } from './services/notification-inbox.service';
import { NotificationsMetrics } from './services/notifications-metrics';
import { NotificationsOpsService } from './services/notifications-ops.service';
import { MessageCommitSignals } from './services/message-commit-signals';
import { PartnerFanOutService } from './services/partner-fan-out.service';
import { PartnerTopicsService } from './services/partner-topics.service';
import { PractitionerNotifier } from './services/practitioner-notifier.service';
import { SubscriptionsService } from './services/subscriptions.service';
import { HttpWebhookSender, WebhookSender } from './services/webhook-sender';
import { EmailProcessor } from './workers/email.processor';
import { WebhookDeliveryProcessor } from './workers/webhook-delivery.processor';

/** Partner webhooks and topics, practitioner notices and emails. */
@Module({})
export class NotificationsModule {
  constructor(consumer: KafkaEventConsumer) {
    // Runs of events share a transaction. Their messages, notices and BullMQ jobs are written just
    // before it commits (ADR 8), so a rolled-back run leaves no job; its events, retried one by one,
    // stage the same rows under the same job ids.
    consumer.handleRunsOfEventsTogether(20);
  }

  static forRoot(settings: NotificationsSettings): DynamicModule {
    return {
      module: NotificationsModule,
      controllers: [SubscriptionsController, NotificationsController, NotificationsOpsController],
      providers: [
        { provide: NOTIFICATIONS_SETTINGS, useValue: settings },
        { provide: WebhookSender, useClass: HttpWebhookSender },
        { provide: MailSender, useClass: SmtpMailSender },
        NotificationQueues,
        SubscriptionsRepository,
        WebhookMessagesRepository,
        SharingViewRepository,
        PartnerDirectoryRepository,
        PractitionerNotificationsRepository,
        SubscriptionsService,
        NotificationInboxService,
        NotificationsOpsService,
        NotificationsMetrics,
        PartnerFanOutService,
        MessageCommitSignals,
        PartnerTopicsService,
        PractitionerNotifier,
        WebhookDeliveryProcessor,
        EmailProcessor,
        TellAgencyWhenRouteStatusChangesHandler,
        RecordRoutesWhenReferralIsRaisedHandler,
        TellAgencyWhenPlanActionIsAssignedHandler,
        ReleaseHeldEventsWhenConsentIsGrantedHandler,
        ReleaseHeldEventsWhenOverrideIsRecordedHandler,
        StopSharingWhenConsentIsWithdrawnHandler,
        StopSharingWhenConsentExpiresHandler,
        CreatePartnerTopicWhenAgencyIsUpsertedHandler,
        RecordPlanWhenPlanIsCreatedHandler,
        NotifyAgencyWhenPlanActionIsOverdueHandler,
        NotifyLeadWhenPlanReviewIsOverdueHandler,
      ],
      exports: [NotificationsOpsService],
    };
  }
}
