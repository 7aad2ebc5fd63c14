import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AgencyUpsertedV1, NEEDS, ServiceUpsertedV1 } from '@tellonce/contracts';
import { EventPublisher } from '@tellonce/messaging';
import { badRequest, conflict, notFound } from '@tellonce/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { byRoutingPreference, hubsServing } from '../domain/route-needs';
import { Agency, AgencyKind, DirectoryService, Hub } from '../entities';
import { DirectoryRepository } from '../repositories';

export interface AgencyInput {
  id?: string;
  name?: string;
  kind?: AgencyKind;
  active?: boolean;
}

export interface ServiceInput {
  id?: string;
  name?: string;
  agencyId?: string;
  needs?: string[];
  hubIds?: string[];
  status?: 'active' | 'inactive';
  capacity?: 'open' | 'waitlist' | 'closed';
}

export interface ServiceView {
  id: string;
  name: string;
  status: 'active' | 'inactive';
  organisation: { id: string; name: string };
  needs: string[];
  hubIds: string[];
  capacity: 'open' | 'waitlist' | 'closed';
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

const agencyView = (a: Agency) => ({ id: a.id, name: a.name, kind: a.kind, active: a.active });
const hubView = (h: Hub) => ({ id: h.id, name: h.name, kind: h.kind, parentHubId: h.parentHubId });

/** The directory (Open Referral UK style): agencies, their services, the hubs they serve. */
@Injectable()
export class DirectoryUseCases {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryRepository,
    private readonly publisher: EventPublisher,
  ) {}

  needs() {
    return NEEDS.map(({ code, label }) => ({ code, label }));
  }

  async hubs() {
    return (await this.directory.hubs(this.dataSource.manager)).map(hubView);
  }

  async agencies() {
    return (await this.directory.agencies(this.dataSource.manager)).map(agencyView);
  }

  async services(filter: { need?: string; hubId?: string }): Promise<ServiceView[]> {
    const manager = this.dataSource.manager;
    const hubIds = filter.hubId ? hubsServing(filter.hubId, await this.directory.hubs(manager)) : undefined;
    const services = await this.directory.services({ need: filter.need, hubIds }, manager);
    return [...services].sort(byRoutingPreference).map((s) => this.serviceView(s, s.agencyName));
  }

  createAgency(input: Required<Pick<AgencyInput, 'name' | 'kind'>> & AgencyInput) {
    return this.dataSource.transaction(async (manager) => {
      const id = input.id ?? slugify(input.name);
      if (!id) throw badRequest('The request is not valid.', [{ field: 'id', message: 'could not be derived from name; give an id' }]);
      if (await this.directory.findAgency(id, manager)) throw conflict('An agency with this id already exists.', 'agency-exists');
      const agency = Object.assign(new Agency(), { id, name: input.name, kind: input.kind, active: input.active ?? true });
      await this.saveAgency(agency, manager);
      return agencyView(agency);
    });
  }

  updateAgency(id: string, patch: AgencyInput) {
    return this.dataSource.transaction(async (manager) => {
      const agency = await this.directory.findAgencyForUpdate(id, manager);
      if (!agency) throw notFound('agency');
      Object.assign(agency, stripUndefined({ name: patch.name, kind: patch.kind, active: patch.active }));
      await this.saveAgency(agency, manager);
      return agencyView(agency);
    });
  }

  createService(input: Required<Pick<ServiceInput, 'name' | 'agencyId' | 'needs' | 'hubIds'>> & ServiceInput) {
    return this.dataSource.transaction(async (manager) => {
      const id = input.id ?? slugify(`${input.agencyId}-${input.name}`);
      if (await this.directory.findService(id, manager)) throw conflict('A service with this id already exists.', 'service-exists');
      const service = Object.assign(new DirectoryService(), {
        id,
        name: input.name,
        agencyId: input.agencyId,
        needs: unique(input.needs),
        hubIds: unique(input.hubIds),
        status: input.status ?? 'active',
        capacity: input.capacity ?? 'open',
      });
      const agency = await this.checkServiceReferences(service, manager);
      await this.saveService(service, manager);
      return this.serviceView(service, agency.name);
    });
  }

  updateService(id: string, patch: ServiceInput) {
    return this.dataSource.transaction(async (manager) => {
      const service = await this.directory.findServiceForUpdate(id, manager);
      if (!service) throw notFound('service');
      Object.assign(
        service,
        stripUndefined({ name: patch.name, agencyId: patch.agencyId, needs: patch.needs && unique(patch.needs), hubIds: patch.hubIds && unique(patch.hubIds), status: patch.status, capacity: patch.capacity }),
      );
      const agency = await this.checkServiceReferences(service, manager);
      await this.saveService(service, manager);
      return this.serviceView(service, agency.name);
    });
  }

  /** Seed and admin tooling: writes (and announces) only what differs, so re-running is a no-op. */
  async ensureAgency(agency: Agency, manager: EntityManager): Promise<boolean> {
    const current = await this.directory.findAgency(agency.id, manager);
    if (current && current.name === agency.name && current.kind === agency.kind && current.active === agency.active) return false;
    await this.saveAgency(agency, manager);
    return true;
  }

  async ensureService(service: DirectoryService, manager: EntityManager): Promise<boolean> {
    const current = await this.directory.findService(service.id, manager);
    const same =
      current &&
      current.name === service.name &&
      current.agencyId === service.agencyId &&
      current.status === service.status &&
      current.capacity === service.capacity &&
      current.needs.join() === service.needs.join() &&
      current.hubIds.join() === service.hubIds.join();
    if (same) return false;
    await this.checkServiceReferences(service, manager);
    await this.saveService(service, manager);
    return true;
  }

  async ensureHub(hub: Hub, manager: EntityManager): Promise<void> {
    await this.directory.saveHub(hub, manager);
  }

  private async checkServiceReferences(service: DirectoryService, manager: EntityManager): Promise<Agency> {
    const agency = await this.directory.findAgency(service.agencyId, manager);
    const known = new Set((await this.directory.hubs(manager)).map((h) => h.id));
    const errors = [
      ...(agency ? [] : [{ field: 'agencyId', message: 'is not a known agency' }]),
      ...(service.hubIds.every((h) => known.has(h)) ? [] : [{ field: 'hubIds', message: 'contains an unknown hub' }]),
    ];
    if (errors.length || !agency) throw badRequest('The request is not valid.', errors);
    return agency;
  }

  private async saveAgency(agency: Agency, manager: EntityManager): Promise<void> {
    await this.directory.saveAgency(agency, manager);
    await this.publisher.stage(manager, AgencyUpsertedV1, { agencyId: agency.id, name: agency.name, kind: agency.kind, active: agency.active }, { key: agency.id });
  }

  private async saveService(service: DirectoryService, manager: EntityManager): Promise<void> {
    await this.directory.saveService(service, manager);
    await this.publisher.stage(
      manager,
      ServiceUpsertedV1,
      { serviceId: service.id, agencyId: service.agencyId, name: service.name, needs: service.needs, hubIds: service.hubIds, status: service.status, capacity: service.capacity },
      { key: service.agencyId },
    );
  }

  private serviceView(s: DirectoryService, agencyName: string): ServiceView {
    return { id: s.id, name: s.name, status: s.status, organisation: { id: s.agencyId, name: agencyName }, needs: s.needs, hubIds: s.hubIds, capacity: s.capacity };
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
