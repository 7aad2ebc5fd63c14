import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DirectoryNames } from '../domain/summarise';

/** Agency and service names from the directory topic, for summaries. */
@Injectable()
export class DirectoryViewRepository {
  /** Returns the name it had before, or undefined when the agency is new. */
  async upsertAgency(manager: EntityManager, id: string, name: string): Promise<string | undefined> {
    const before: { name: string }[] = await manager.query('SELECT name FROM timeline_agency WHERE id = $1 FOR UPDATE', [id]);
    await manager.query('INSERT INTO timeline_agency (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name', [id, name]);
    return before[0]?.name;
  }

  async upsertService(manager: EntityManager, id: string, agencyId: string, name: string): Promise<string | undefined> {
    const before: { name: string }[] = await manager.query('SELECT name FROM timeline_service WHERE id = $1 FOR UPDATE', [id]);
    await manager.query(
      'INSERT INTO timeline_service (id, agency_id, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET agency_id = EXCLUDED.agency_id, name = EXCLUDED.name',
      [id, agencyId, name],
    );
    return before[0]?.name;
  }

  /** Names for the given ids (agency or service ids, mixed). */
  async names(manager: EntityManager, ids: string[]): Promise<DirectoryNames> {
    if (ids.length === 0) return { agencies: new Map(), services: new Map() };
    // One round trip for both tables: this runs once per consumer run projected.
    const rows: { kind: 'agency' | 'service'; id: string; name: string }[] = await manager.query(
      `SELECT 'agency' AS kind, id, name FROM timeline_agency WHERE id = ANY($1::text[])
       UNION ALL SELECT 'service' AS kind, id, name FROM timeline_service WHERE id = ANY($1::text[])`,
      [ids],
    );
    const agencies = new Map<string, string>();
    const services = new Map<string, string>();
    for (const row of rows) (row.kind === 'agency' ? agencies : services).set(row.id, row.name);
    return { agencies, services };
  }

  async truncate(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE timeline_agency, timeline_service');
  }
}
