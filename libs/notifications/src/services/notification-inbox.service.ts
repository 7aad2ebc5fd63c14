import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail } from '@tellonce/messaging';
import { badRequest, Principal } from '@tellonce/platform';
import type { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../domain/cursor';
import { PractitionerNotificationsRepository } from '../repositories/practitioner-notifications.repository';

/** GET /v1/notifications: the caller's agency notices (agency roles) or hub notices (hub roles). */
@Injectable()
export class NotificationInboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: PractitionerNotificationsRepository,
    private readonly audit: AuditTrail,
  ) {}

  async list(principal: Principal, limit = 50, cursor?: string) {
    const scope = principal.agencyId ? { agencyId: principal.agencyId } : principal.hubId ? { hubId: principal.hubId } : null;
    if (!scope) return { items: [], nextCursor: null };
    const decoded = decodeCursor(cursor);
    if (decoded === 'invalid') throw badRequest('The cursor is not valid.', [{ field: 'cursor', message: 'is not a cursor this API gave out' }]);
    const rows = await this.notifications.page(scope, limit + 1, decoded);
    const page = rows.slice(0, limit);
    await this.audit.record(
      {
        principal,
        action: 'read',
        endpoint: 'GET /v1/notifications',
        resource: { kind: 'notification-inbox', id: scope.agencyId ?? scope.hubId ?? 'none' },
        outcome: 'allowed',
      },
      this.dataSource.manager,
    );
    return {
      items: page.map((n) => ({
        id: n.id,
        kind: n.kind,
        urgency: n.urgency,
        familyId: n.familyId,
        reference: n.reference,
        subject: { kind: n.subjectKind, id: n.subjectId },
        needCodes: n.needCodes,
        dueDate: n.dueDate,
        link: n.link,
        createdAt: n.createdAt.toISOString(),
        emailedAt: n.emailedAt?.toISOString() ?? null,
      })),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].createdAt, page[page.length - 1].id) : null,
    };
  }
}
