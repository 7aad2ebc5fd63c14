import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConsentGrantedData, ConsentGrantedV1, ConsentWithdrawnV1, DataCategory } from '@tellonce/contracts';
import { AuditTrail, EventPublisher } from '@tellonce/messaging';
import { actorOf, badRequest, conflict, FieldError, notFound, Principal, ProblemException } from '@tellonce/platform';
import type { DataSource } from 'typeorm';
import { Clock, CLOCK } from '../domain/clock';
import { ConsentRecord } from '../entities/consent-record.entity';
import { ConsentRecordsRepository } from '../repositories/consent-records.repository';
import { KnownAgenciesRepository } from '../repositories/known-agencies.repository';
import { KnownFamiliesRepository } from '../repositories/known-families.repository';
import { SharingBasisCalculator } from './sharing-basis.calculator';

export interface RecordConsentCommand {
  familyId: string;
  subjectPersonIds: string[];
  grantedByPersonId: string;
  decision: 'permit' | 'deny';
  agencyIds: string[];
  purposes: string[];
  dataCategories?: DataCategory[];
  method: 'verbal' | 'written' | 'online';
  expiresAt?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const ENDPOINT = {
  record: 'POST /v1/families/:familyId/consents',
  list: 'GET /v1/families/:familyId/consents',
  withdraw: 'POST /v1/consents/:id/withdraw',
} as const;

@Injectable()
export class ConsentRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: ConsentRecordsRepository,
    private readonly families: KnownFamiliesRepository,
    private readonly agencies: KnownAgenciesRepository,
    private readonly basis: SharingBasisCalculator,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(principal: Principal, command: RecordConsentCommand): Promise<ConsentRecord> {
    const { familyId } = command;
    await this.assertFamilyKnown(principal, ENDPOINT.record, familyId, 'write');
    const now = this.clock.now();
    const errors: FieldError[] = [];
    if (command.expiresAt !== undefined && new Date(command.expiresAt).getTime() <= now.getTime()) {
      errors.push({ field: 'expiresAt', message: 'must be in the future' });
    }
    const unknownSubjects = await this.families.unknownMembers(familyId, command.subjectPersonIds);
    if (unknownSubjects.length > 0) errors.push({ field: 'subjectPersonIds', message: 'must all be members of the family' });
    if ((await this.families.unknownMembers(familyId, [command.grantedByPersonId])).length > 0) {
      errors.push({ field: 'grantedByPersonId', message: 'must be a member of the family' });
    }
    const unknownAgencies = await this.agencies.unknownWithin(command.agencyIds);
    if (unknownAgencies.length > 0) errors.push({ field: 'agencyIds', message: `must all be active agencies of the directory (not: ${unknownAgencies.join(', ')})` });
    if (errors.length > 0) {
      await this.audit.record({ principal, action: 'write', endpoint: ENDPOINT.record, resource: { kind: 'family', id: familyId }, familyId, outcome: 'denied' }, this.dataSource.manager);
      throw badRequest('The request is not valid.', errors);
    }

    const actor = actorOf(principal);
    const record: Omit<ConsentRecord, 'seq'> = {
      id: randomUUID(),
      familyId,
      decision: command.decision,
      subjectPersonIds: [...new Set(command.subjectPersonIds)],
      grantedByPersonId: command.grantedByPersonId,
      agencyIds: [...new Set(command.agencyIds)],
      purposes: [...new Set(command.purposes)],
      dataCategories: [...new Set(command.dataCategories ?? [])],
      method: command.method,
      expiresAt: command.expiresAt ? new Date(command.expiresAt) : null,
      status: 'active',
      recordedAt: now,
      recordedBy: actor,
      withdrawnAt: null,
      withdrawnBy: null,
      withdrawalReason: null,
      expiredAt: null,
    };
    await this.dataSource.transaction(async (manager) => {
      await this.records.insert(manager, record);
      const data: ConsentGrantedData = {
        consentId: record.id,
        familyId,
        decision: record.decision,
        subjectPersonIds: record.subjectPersonIds,
        agencyIds: record.agencyIds,
        purposes: record.purposes,
        dataCategories: record.dataCategories,
        method: record.method,
        actor,
      };
      if (record.expiresAt) data.expiresAt = record.expiresAt.toISOString();
      await this.publisher.stage(manager, ConsentGrantedV1, data, { key: familyId, subject: record.id, time: now });
      await this.audit.record({ principal, action: 'write', endpoint: ENDPOINT.record, resource: { kind: 'consent', id: record.id }, familyId, outcome: 'allowed', basis: 'consent' }, manager);
    });
    return { ...record, seq: '' };
  }

  async withdraw(principal: Principal, consentId: string, reason: string | undefined): Promise<ConsentRecord> {
    const actor = actorOf(principal);
    let familyId: string | undefined;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const record = await this.records.findByIdForUpdate(manager, consentId);
        if (!record) throw notFound('consent');
        familyId = record.familyId;
        if (record.status !== 'active') throw conflict(`The consent is already ${record.status}.`, `consent-${record.status}`);
        const at = this.clock.now();
        await this.records.changeStatus(manager, record, { status: 'withdrawn', at, actor, reason: reason ?? null });
        const agencyIdsNoLongerPermitted = await this.basis.agenciesLeftWithoutBasis(manager, record, at);
        await this.publisher.stage(
          manager,
          ConsentWithdrawnV1,
          { consentId: record.id, familyId: record.familyId, agencyIds: record.agencyIds, agencyIdsNoLongerPermitted, actor },
          { key: record.familyId, subject: record.id, time: at },
        );
        await this.audit.record({ principal, action: 'write', endpoint: ENDPOINT.withdraw, resource: { kind: 'consent', id: record.id }, familyId: record.familyId, outcome: 'allowed', basis: 'consent' }, manager);
        return record;
      });
    } catch (error) {
      if (error instanceof ProblemException && (error.getStatus() === HttpStatus.NOT_FOUND || error.getStatus() === HttpStatus.CONFLICT)) {
        await this.audit.record({ principal, action: 'write', endpoint: ENDPOINT.withdraw, resource: { kind: 'consent', id: consentId }, familyId, outcome: 'denied' }, this.dataSource.manager);
      }
      throw error;
    }
  }

  async list(principal: Principal, familyId: string, limit: number, cursor?: string): Promise<Page<ConsentRecord>> {
    await this.assertFamilyKnown(principal, ENDPOINT.list, familyId, 'read');
    const rows = await this.records.listByFamily(familyId, limit + 1, cursor);
    const items = rows.slice(0, limit);
    await this.audit.record({ principal, action: 'read', endpoint: ENDPOINT.list, resource: { kind: 'family', id: familyId }, familyId, outcome: 'allowed' }, this.dataSource.manager);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].seq : null };
  }

  /**
   * The families topic is this service's only source of which families exist. Until a family's
   * FamilyRegisteredV1 has arrived it is unknown here: 404, audited as denied.
   */
  private async assertFamilyKnown(principal: Principal, endpoint: string, familyId: string, action: 'read' | 'write'): Promise<void> {
    if (await this.families.existsWithin(familyId)) return;
    await this.audit.record({ principal, action, endpoint, resource: { kind: 'family', id: familyId }, familyId, outcome: 'denied' }, this.dataSource.manager);
    throw notFound('family');
  }
}
