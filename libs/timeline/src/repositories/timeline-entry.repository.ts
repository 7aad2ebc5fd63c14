import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EntryActor, EntrySubject } from '../domain/describe-entry';
import type { TimelineCursor, TimelineOrder } from '../domain/timeline-cursor';
import type { VisibilityScope } from '../domain/timeline-visibility';

export interface NewTimelineEntry {
  id: string;
  familyId: string;
  at: string;
  type: string;
  source: string;
  summary: string;
  actor: EntryActor;
  subject: EntrySubject;
  agencyIds: string[] | null;
  mentions: string[];
  data: unknown;
}

export interface TimelinePageQuery {
  familyId: string;
  scope: VisibilityScope;
  order: TimelineOrder;
  types?: string[];
  /** Rows to fetch (the caller asks one more than the page size to know whether more follow). */
  limit: number;
  after?: TimelineCursor;
}

export interface TimelineRow {
  id: string;
  /** Event time with PostgreSQL's full precision, for the cursor. */
  atKey: string;
  seq: string;
  type: string;
  source: string;
  summary: string;
  actor: EntryActor;
  subject: EntrySubject;
  /** The event's data: read only for agency viewers, whose summaries are minimised from it. */
  data?: unknown;
}

interface RawRow {
  id: string;
  at_key: string;
  seq: string;
  type: string;
  source: string;
  summary: string;
  actor: EntryActor;
  subject_kind: string;
  subject_id: string;
  data?: unknown;
}

const AT_KEY = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** `lensOf` (domain/timeline-visibility) in SQL: the part of the record an entry tells of, or NULL. */
export const LENS_SQL = `CASE
  WHEN type LIKE 'referral.%' THEN 'referral'
  WHEN type LIKE 'plan.%' THEN 'plan'
  WHEN type = 'notification.webhook-delivery' THEN CASE WHEN data->>'eventType' LIKE 'plan.%' THEN 'plan' ELSE 'referral' END
END`;

/** Adds the viewer's visibility to a WHERE clause; returns the SQL fragment (params appended). */
function visibilityClause(scope: VisibilityScope, params: unknown[]): string {
  switch (scope.kind) {
    case 'everything':
      return '';
    case 'nothing':
      return ' AND false';
    case 'agency':
      params.push([scope.agencyId], [...scope.lenses]);
      // A family-wide entry (no lens: NULL) is seen through any lens.
      return ` AND (agency_ids IS NULL OR agency_ids @> $${params.length - 1}::text[]) AND COALESCE(${LENS_SQL} = ANY($${params.length}::text[]), true)`;
  }
}

/** The projection table. Every query is by family and walks the (family_id, at, seq) index. */
@Injectable()
export class TimelineEntryRepository {
  /**
   * Idempotent: the id is the event id, so a redelivered or replayed event inserts nothing. Rows
   * go in the order given (seq follows it), in chunks well under PostgreSQL's parameter limit.
   */
  async insertMany(manager: EntityManager, entries: NewTimelineEntry[]): Promise<void> {
    const columns = 12;
    for (let start = 0; start < entries.length; start += 500) {
      const chunk = entries.slice(start, start + 500);
      const values = chunk.map((_, row) => `(${Array.from({ length: columns }, (_, col) => `$${row * columns + col + 1}`).join(', ')})`);
      await manager.query(
        `INSERT INTO timeline_entry (id, family_id, at, type, source, summary, actor, subject_kind, subject_id, agency_ids, mentions, data)
         VALUES ${values.join(', ')} ON CONFLICT (id) DO NOTHING`,
        chunk.flatMap((entry) => [
          entry.id,
          entry.familyId,
          entry.at,
          entry.type,
          entry.source,
          entry.summary,
          JSON.stringify(entry.actor),
          entry.subject.kind,
          entry.subject.id,
          entry.agencyIds,
          entry.mentions,
          JSON.stringify(entry.data),
        ]),
      );
    }
  }

  async page(manager: EntityManager, query: TimelinePageQuery): Promise<TimelineRow[]> {
    const params: unknown[] = [query.familyId];
    let where = 'family_id = $1' + visibilityClause(query.scope, params);
    if (query.types?.length) {
      params.push(query.types);
      where += ` AND type = ANY($${params.length}::text[])`;
    }
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    if (query.after) {
      params.push(query.after.at, query.after.seq);
      where += ` AND (at, seq) ${query.order === 'asc' ? '>' : '<'} ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
    }
    params.push(query.limit);
    const rows: RawRow[] = await manager.query(
      `SELECT id, ${AT_KEY} AS at_key, seq::text AS seq, type, source, summary, actor, subject_kind, subject_id${query.scope.kind === 'agency' ? ', data' : ''}
       FROM timeline_entry WHERE ${where} ORDER BY at ${direction}, seq ${direction} LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      atKey: row.at_key,
      seq: row.seq,
      type: row.type,
      source: row.source,
      summary: row.summary,
      actor: row.actor,
      subject: { kind: row.subject_kind, id: row.subject_id },
      ...(row.data !== undefined ? { data: row.data } : {}),
    }));
  }

  /** Does the viewer see anything at all of this family? (No: the family is not revealed.) */
  async anyVisible(manager: EntityManager, familyId: string, scope: VisibilityScope): Promise<boolean> {
    const params: unknown[] = [familyId];
    const rows: unknown[] = await manager.query(`SELECT 1 FROM timeline_entry WHERE family_id = $1${visibilityClause(scope, params)} LIMIT 1`, params);
    return rows.length > 0;
  }

  async mentioning(manager: EntityManager, directoryId: string): Promise<{ id: string; type: string; data: unknown; summary: string }[]> {
    return manager.query(`SELECT id, type, data, summary FROM timeline_entry WHERE mentions @> $1::text[]`, [[directoryId]]);
  }

  async updateSummary(manager: EntityManager, id: string, summary: string): Promise<void> {
    await manager.query(`UPDATE timeline_entry SET summary = $2 WHERE id = $1`, [id, summary]);
  }

  async truncate(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE timeline_entry RESTART IDENTITY');
  }
}
