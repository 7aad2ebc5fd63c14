import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LOGGER, lookAgainUntil, runTraced } from '@tellonce/platform';
import { Job, Worker } from 'bullmq';
import type IORedis from 'ioredis';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { digestEmail, NoticeSummary, urgentEmail } from '../domain/notification-email';
import { PractitionerNotification } from '../entities/practitioner-notification.entity';
import { NOTIFICATIONS_SETTINGS, NotificationsSettings } from '../notifications.settings';
import { UrgentEmailJob } from '../queues/notification-queues';
import { lookAgainLater } from './look-again-later';
import { JOBS, QUEUES } from '../queues/queue-names';
import { createRedisConnection } from '../queues/redis-connection';
import { PartnerDirectoryRepository } from '../repositories/partner-directory.repository';
import { PractitionerNotificationsRepository } from '../repositories/practitioner-notifications.repository';
import { MailSender } from '../services/mail-sender';

const DIGEST_BATCH = 500;

function summary(n: PractitionerNotification): NoticeSummary {
  return { kind: n.kind, urgency: n.urgency, reference: n.reference, subjectId: n.subjectId, needCodes: n.needCodes, dueDate: n.dueDate, link: n.link };
}

/** The email worker: urgent notices one by one, routine notices in a periodic digest per inbox. */
@Injectable()
export class EmailProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: Worker | null = null;
  private connection: IORedis | null = null;

  constructor(
    @Inject(NOTIFICATIONS_SETTINGS) private readonly settings: NotificationsSettings,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: PractitionerNotificationsRepository,
    private readonly directory: PartnerDirectoryRepository,
    private readonly mail: MailSender,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.WORKERS_ENABLED === 'false') return;
    this.connection = createRedisConnection(this.settings.REDIS_URL);
    this.worker = new Worker(QUEUES.email, (job, token) => runTraced(`job ${job.name}`, (job.data as Partial<UrgentEmailJob>).traceparent, { 'messaging.system': 'bullmq', 'messaging.destination.name': QUEUES.email }, () => this.process(job, token)), { connection: this.connection, prefix: this.settings.QUEUE_PREFIX, concurrency: 2 });
    this.worker.on('error', (error) => this.logger.warn({ err: error.message }, 'email worker error'));
    this.worker.on('failed', (job, error) => this.logger.warn({ jobId: job?.id, job: job?.name, err: error.message }, 'email job failed'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => undefined);
  }

  async process(job: Job, token?: string): Promise<number> {
    if (job.name === JOBS.sendUrgentEmail) return this.sendUrgent(job, token);
    if (job.name === JOBS.sendDigest) return this.sendDigest();
    return 0;
  }

  /** Agency inbox from the directory; hubs use their hub inbox. */
  private async recipientOf(n: PractitionerNotification): Promise<string> {
    if (n.agencyId) {
      const agency = await this.directory.findAgency(this.dataSource.manager, n.agencyId);
      return agency?.notificationEmail ?? `${n.agencyId}@agencies.tellonce.local`;
    }
    return `${n.hubId}@hubs.tellonce.local`;
  }

  private async sendUrgent(job: Job, token: string | undefined): Promise<number> {
    const notificationId = (job.data as UrgentEmailJob).notificationId;
    // The job is added just before the notice's COMMIT and may run first: wait briefly for it,
    // then look again later rather than drop it (a slow COMMIT, or a failed one about to be retried).
    const notification = await lookAgainUntil(() => this.notifications.findById(notificationId), Boolean, { waitMs: 3000 });
    if (!notification) {
      await lookAgainLater(job, token);
      this.logger.warn({ notificationId }, 'urgent email dropped: its notice never committed');
      return 0;
    }
    if (notification.emailedAt) return 0;
    await this.mail.send({ to: await this.recipientOf(notification), ...urgentEmail(summary(notification)) });
    await this.notifications.markEmailed([notification.id]);
    return 1;
  }

  private async sendDigest(): Promise<number> {
    const pending = await this.notifications.unsentRoutine(DIGEST_BATCH);
    const byRecipient = new Map<string, PractitionerNotification[]>();
    for (const n of pending) {
      const to = await this.recipientOf(n);
      byRecipient.set(to, [...(byRecipient.get(to) ?? []), n]);
    }
    for (const [to, notices] of byRecipient) {
      await this.mail.send({ to, ...digestEmail(notices.map(summary)) });
      await this.notifications.markEmailed(notices.map((n) => n.id));
    }
    return byRecipient.size;
  }
}
