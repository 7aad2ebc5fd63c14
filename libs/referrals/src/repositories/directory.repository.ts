import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Agency, DirectoryService, Hub } from '../entities';

export interface ServiceFilter {
  need?: string;
  hubIds?: string[];
}

@Injectable()
export class DirectoryRepository {
  hubs(manager: EntityManager): Promise<Hub[]> {
    return manager.find(Hub, { order: { id: 'ASC' } });
  }

  findHub(id: string, manager: EntityManager): Promise<Hub | null> {
    return manager.findOneBy(Hub, { id });
  }

  async saveHub(hub: Hub, manager: EntityManager): Promise<void> {
    await manager.upsert(Hub, hub, ['id']);
  }

  agencies(manager: EntityManager): Promise<Agency[]> {
    return manager.find(Agency, { order: { id: 'ASC' } });
  }

  findAgency(id: string, manager: EntityManager): Promise<Agency | null> {
    return manager.findOneBy(Agency, { id });
  }

  /** Locks the row so concurrent admin edits of one agency apply one after the other. */
  findAgencyForUpdate(id: string, manager: EntityManager): Promise<Agency | null> {
    return manager.findOne(Agency, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async saveAgency(agency: Agency, manager: EntityManager): Promise<void> {
    await manager.upsert(Agency, { ...agency, updatedAt: new Date() }, ['id']);
  }

  async services(filter: ServiceFilter, manager: EntityManager): Promise<(DirectoryService & { agencyName: string })[]> {
    const qb = manager
      .createQueryBuilder(DirectoryService, 's')
      .innerJoin(Agency, 'a', 'a.id = s.agency_id')
      .addSelect('a.name', 'agency_name')
      .orderBy('s.id', 'ASC');
    if (filter.need) qb.andWhere(':need = ANY(s.needs)', { need: filter.need });
    if (filter.hubIds?.length) qb.andWhere('s.hub_ids && :hubIds::text[]', { hubIds: filter.hubIds });
    const { entities, raw } = await qb.getRawAndEntities<{ s_id: string; agency_name: string }>();
    const names = new Map(raw.map((r) => [r.s_id, r.agency_name]));
    return entities.map((s) => Object.assign(s, { agencyName: names.get(s.id) ?? '' }));
  }

  findService(id: string, manager: EntityManager): Promise<DirectoryService | null> {
    return manager.findOneBy(DirectoryService, { id });
  }

  findServiceForUpdate(id: string, manager: EntityManager): Promise<DirectoryService | null> {
    return manager.findOne(DirectoryService, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async saveService(service: DirectoryService, manager: EntityManager): Promise<void> {
    await manager.upsert(DirectoryService, { ...service, updatedAt: new Date() }, ['id']);
  }
}
