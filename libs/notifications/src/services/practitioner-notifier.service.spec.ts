import type { DataSource, EntityManager } from 'typeorm';
import { urgentEmail } from '../domain/notification-email';
import type { PartnerEvent, RoutePartnerData } from '../domain/partner-event';
import type { PractitionerNotification } from '../entities/practitioner-notification.entity';
import type { NotificationsSettings } from '../notifications.settings';
import type { NotificationQueues } from '../queues/notification-queues';
import type { PractitionerNotificationsRepository } from '../repositories/practitioner-notifications.repository';
import { PractitionerNotifier } from './practitioner-notifier.service';

const REFERRAL_ID = '0f5e2d1c-8b7a-4c3d-9e2f-1a0b9c8d7e6f';

function routeRequested(urgency: 'routine' | 'urgent'): PartnerEvent {
  const data: RoutePartnerData = { referralId: REFERRAL_ID, routeId: 'a1b2c3d4-0000-4000-8000-000000000001', familyId: 'f-1', agencyId: 'debt-advice-co', needCodes: ['debt-advice'], status: 'requested', urgency };
  return {
    sourceEventId: 'e-1',
    sourceKey: data.routeId,
    type: 'referral.route.requested',
    time: '2026-01-02T03:04:05.000Z',
    familyId: 'f-1',
    agencyId: 'debt-advice-co',
    purpose: 'referral',
    dataCategory: 'needs',
    urgency,
    subject: { kind: 'route', id: data.routeId },
    data,
    correlationId: 'c-1',
  };
}

/** The notifier with its writes captured: outside a transaction a notice is written at once. */
function notifier(consoleUrl: string) {
  const written: PractitionerNotification[] = [];
  const emailed: string[] = [];
  const repository = { insertNew: async (_m: EntityManager, notices: PractitionerNotification[]) => (written.push(...notices), notices.map((n) => n.id)) };
  const queues = { enqueueUrgentEmail: async (id: string) => void emailed.push(id) };
  const settings = { CONSOLE_URL: consoleUrl } as NotificationsSettings;
  const service = new PractitionerNotifier({} as DataSource, repository as unknown as PractitionerNotificationsRepository, queues as unknown as NotificationQueues, settings);
  return { service, written, emailed, manager: {} as EntityManager };
}

describe('PractitionerNotifier', () => {
  it('an urgent route request is noticed and emailed at once, linking to the referral page of the console', async () => {
    const { service, written, emailed, manager } = notifier('http://localhost:8080');
    await service.fromPartnerEvent(manager, routeRequested('urgent'), { reference: 'REF-7K2Q9' });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ kind: 'route-requested', urgency: 'urgent', reference: 'REF-7K2Q9', agencyId: 'debt-advice-co', link: `http://localhost:8080/referrals/${REFERRAL_ID}` });
    expect(emailed).toEqual([written[0].id]);
    const mail = urgentEmail(written[0]);
    expect(mail.text).toContain(`http://localhost:8080/referrals/${REFERRAL_ID}`);
  });

  it('builds links on the configured console address, with or without its trailing slash', async () => {
    for (const consoleUrl of ['https://tellonce.example.org', 'https://tellonce.example.org/']) {
      const { service, written, manager } = notifier(consoleUrl);
      await service.fromPartnerEvent(manager, routeRequested('routine'), { reference: null });
      expect(written[0].link).toBe(`https://tellonce.example.org/referrals/${REFERRAL_ID}`);
    }
  });

  it('a routine route request is noticed but not emailed at once (it goes in the digest)', async () => {
    const { service, written, emailed, manager } = notifier('http://localhost:8080');
    await service.fromPartnerEvent(manager, routeRequested('routine'), { reference: 'REF-7K2Q9' });
    expect(written).toHaveLength(1);
    expect(emailed).toEqual([]);
  });
});
