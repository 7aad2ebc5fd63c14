import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WrittenAtCommit } from '@tellonce/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { deterministicUuid } from '../domain/deterministic-id';
import type { ActionPartnerData, PartnerEvent, RoutePartnerData } from '../domain/partner-event';
import { NotificationKind, PractitionerNotification } from '../entities/practitioner-notification.entity';
import { NOTIFICATIONS_SETTINGS, NotificationsSettings } from '../notifications.settings';
import { NotificationQueues } from '../queues/notification-queues';
import { PractitionerNotificationsRepository } from '../repositories/practitioner-notifications.repository';

export interface NoticeInput {
  kind: NotificationKind;
  sourceEventId: string;
  agencyId: string | null;
  hubId: string | null;
  familyId: string;
  urgency: 'routine' | 'urgent';
  reference: string | null;
  subject: { kind: string; id: string };
  needCodes: string[];
  dueDate: string | null;
  link: string;
}

/** In-app notices for agency and hub staff; urgent ones are emailed at once, routine ones in a digest. */
@Injectable()
export class PractitionerNotifier implements OnModuleInit {
  private readonly noticesAtCommit = new WrittenAtCommit<PractitionerNotification>((notices, manager) => this.writeNotices(manager, notices));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: PractitionerNotificationsRepository,
    private readonly queues: NotificationQueues,
    @Inject(NOTIFICATIONS_SETTINGS) private readonly settings: NotificationsSettings,
  ) {}

  onModuleInit(): void {
    this.noticesAtCommit.subscribeTo(this.dataSource);
  }

  link(path: string): string {
    return `${this.settings.CONSOLE_URL.replace(/\/$/, '')}${path}`;
  }

  /** `route`: the view of the event's route (its referral reference), as the fan-out just marked it shared. */
  async fromPartnerEvent(manager: EntityManager, event: PartnerEvent, route: { reference: string | null } | null | undefined): Promise<void> {
    if (event.type === 'referral.route.requested') {
      const data = event.data as RoutePartnerData;
      await this.notify(manager, {
        kind: 'route-requested',
        sourceEventId: event.sourceEventId,
        agencyId: event.agencyId,
        hubId: null,
        familyId: event.familyId,
        urgency: event.urgency,
        reference: route?.reference ?? null,
        subject: { kind: 'route', id: data.routeId },
        needCodes: data.needCodes,
        dueDate: null,
        link: this.link(`/referrals/${data.referralId}`),
      });
    } else if (event.type === 'plan.action.assigned') {
      const data = event.data as ActionPartnerData;
      await this.notify(manager, {
        kind: 'action-assigned',
        sourceEventId: event.sourceEventId,
        agencyId: event.agencyId,
        hubId: null,
        familyId: event.familyId,
        urgency: 'routine',
        reference: null,
        subject: { kind: 'action', id: data.actionId },
        needCodes: [],
        dueDate: data.dueDate,
        link: this.link(`/plans/${data.planId}`),
      });
    }
  }

  async notify(manager: EntityManager, input: NoticeInput): Promise<void> {
    const id = deterministicUuid('notice', input.sourceEventId, input.kind, input.agencyId ?? '', input.hubId ?? '');
    const notification: PractitionerNotification = {
      id,
      kind: input.kind,
      agencyId: input.agencyId,
      hubId: input.hubId,
      familyId: input.familyId,
      urgency: input.urgency,
      reference: input.reference,
      subjectKind: input.subject.kind,
      subjectId: input.subject.id,
      needCodes: input.needCodes,
      dueDate: input.dueDate,
      link: input.link,
      sourceEventId: input.sourceEventId,
      createdAt: new Date(),
      emailedAt: null,
    };
    await this.noticesAtCommit.add(manager, notification);
  }

  /**
   * Just before the transaction commits: the run's new notices in one statement; the new urgent
   * ones are emailed at once (their jobs are added before the COMMIT, and the worker waits for the row).
   */
  private async writeNotices(manager: EntityManager, notices: PractitionerNotification[]): Promise<void> {
    const inserted = new Set(await this.notifications.insertNew(manager, notices));
    for (const notice of notices) {
      if (notice.urgency === 'urgent' && inserted.delete(notice.id)) await this.queues.enqueueUrgentEmail(notice.id);
    }
  }
}
