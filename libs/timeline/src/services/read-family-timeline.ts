import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditTrail } from '@tellonce/messaging';
import { badRequest, isAgencyRole, notFound, Principal } from '@tellonce/platform';
import { decideSharing, SHARING_LENSES, SharingLens } from '@tellonce/sharing-policy';
import type { DataSource } from 'typeorm';
import { describeEntry } from '../domain/describe-entry';
import { AGENCY_MINIMISED_TYPES, minimiseForAgency } from '../domain/minimise-for-agency';
import { summarise } from '../domain/summarise';
import { decodeCursor, encodeCursor, MalformedCursorError, TimelineCursor, TimelineOrder } from '../domain/timeline-cursor';
import { VisibilityScope, visibilityFor } from '../domain/timeline-visibility';
import type { TimelinePageDto } from '../http/timeline-query.dto';
import { DirectoryViewRepository } from '../repositories/directory-view.repository';
import { SharingViewRepository } from '../repositories/sharing-view.repository';
import { TimelineEntryRepository, TimelineRow } from '../repositories/timeline-entry.repository';

export const TIMELINE_ENDPOINT = 'GET /v1/families/:familyId/timeline';
export const DEFAULT_PAGE_SIZE = 50;

export interface ReadTimelineQuery {
  order?: TimelineOrder;
  types?: string;
  limit?: number;
  cursor?: string;
}

/** One page of a family's timeline, as far as this viewer may see it. Every read is audited. */
@Injectable()
export class ReadFamilyTimeline {
  constructor(
    private readonly entries: TimelineEntryRepository,
    private readonly sharing: SharingViewRepository,
    private readonly audit: AuditTrail,
    private readonly directory: DirectoryViewRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute(principal: Principal, familyId: string, query: ReadTimelineQuery): Promise<TimelinePageDto> {
    const order = query.order ?? 'desc';
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = this.cursorFor(query.cursor, order);
    const types = query.types ? [...new Set(query.types.split(','))] : undefined;
    const resource = { kind: 'family-timeline', id: familyId };

    const manager = this.dataSource.manager;
    const { scope, basis } = await this.scopeFor(principal, familyId);
    if (!(await this.entries.anyVisible(manager, familyId, scope))) {
      await this.audit.record({ principal, action: 'read', endpoint: TIMELINE_ENDPOINT, resource, familyId, outcome: 'denied', basis }, manager);
      throw notFound('family');
    }
    const rows = await this.entries.page(manager, { familyId, scope, order, types, limit: limit + 1, after });
    const page = scope.kind === 'agency' ? await this.minimised(rows.slice(0, limit), scope.agencyId) : rows.slice(0, limit);
    const last = page[page.length - 1];
    await this.audit.record({ principal, action: 'read', endpoint: TIMELINE_ENDPOINT, resource, familyId, outcome: 'allowed', basis }, manager);
    return {
      items: page.map((row) => ({
        id: row.id,
        at: new Date(row.atKey).toISOString(),
        type: row.type,
        source: row.source,
        summary: row.summary,
        actor: row.actor,
        subject: row.subject,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ order, at: last.atKey, seq: last.seq }) : null,
    };
  }

  /** Family-wide entries naming other agencies' routes, needs or consents, re-told with this agency's part only. */
  private async minimised(rows: TimelineRow[], agencyId: string): Promise<TimelineRow[]> {
    const retold = rows.filter((row) => AGENCY_MINIMISED_TYPES.has(row.type)).map((row) => ({ row, data: minimiseForAgency(row.type, row.data, agencyId) }));
    if (retold.length === 0) return rows;
    const mentions = [...new Set(retold.flatMap(({ row, data }) => describeEntry(row.type, data)?.mentions ?? []))];
    const names = await this.directory.names(this.dataSource.manager, mentions);
    const summaries = new Map(retold.map(({ row, data }) => [row.id, summarise(row.type, data, names)]));
    return rows.map((row) => ({ ...row, summary: summaries.get(row.id) ?? row.summary }));
  }

  private cursorFor(value: string | undefined, order: TimelineOrder): TimelineCursor | undefined {
    if (value === undefined) return undefined;
    let cursor: TimelineCursor;
    try {
      cursor = decodeCursor(value);
    } catch (error) {
      if (error instanceof MalformedCursorError) throw badRequest('The cursor is not valid.', [{ field: 'cursor', message: 'is not a cursor this endpoint issued' }]);
      throw error;
    }
    if (cursor.order !== order) throw badRequest('The cursor was issued for the other order.', [{ field: 'cursor', message: 'does not match order' }]);
    return cursor;
  }

  private async scopeFor(principal: Principal, familyId: string): Promise<{ scope: VisibilityScope; basis: string }> {
    if (!isAgencyRole(principal)) return { scope: visibilityFor(principal, []), basis: 'role' };
    const agencyId = principal.agencyId;
    if (!agencyId) return { scope: { kind: 'nothing' }, basis: 'none' };
    const view = await this.sharing.load(this.dataSource.manager, familyId);
    const at = new Date();
    const lenses = Object.keys(SHARING_LENSES) as SharingLens[];
    const decisions = lenses.map((lens) => ({ lens, decision: decideSharing({ ...view, familyId, agencyId, ...SHARING_LENSES[lens], at }) }));
    const permitted = decisions.filter(({ decision }) => decision.permitted);
    return { scope: visibilityFor(principal, permitted.map(({ lens }) => lens)), basis: permitted[0]?.decision.basis ?? 'none' };
  }
}
