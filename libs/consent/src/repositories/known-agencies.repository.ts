import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { lookAgainUntil, viewWaitMs } from '@tellonce/platform';
import type { DataSource, EntityManager } from 'typeorm';

@Injectable()
export class KnownAgenciesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The latest state wins: an older event, redelivered or replayed, does not undo a newer one. */
  async record(manager: EntityManager, agencyId: string, active: boolean, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO known_agencies (agency_id, active, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (agency_id) DO UPDATE SET active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
       WHERE known_agencies.updated_at <= EXCLUDED.updated_at`,
      [agencyId, active, at],
    );
  }

  /** Which of these ids are not active agencies of the directory. */
  async unknown(agencyIds: string[]): Promise<string[]> {
    const unique = [...new Set(agencyIds)];
    if (unique.length === 0) return [];
    const rows: { agency_id: string }[] = await this.dataSource.query('SELECT agency_id FROM known_agencies WHERE agency_id = ANY($1::text[]) AND active', [unique]);
    const known = new Set(rows.map((r) => r.agency_id));
    return unique.filter((id) => !known.has(id));
  }

  /**
   * An agency added to the directory a moment ago may not have reached this view yet (its event is
   * in flight): look again for a short while before calling it unknown.
   */
  async unknownWithin(agencyIds: string[], waitMs = viewWaitMs()): Promise<string[]> {
    return lookAgainUntil(() => this.unknown(agencyIds), (unknown) => unknown.length === 0, { waitMs });
  }
}
