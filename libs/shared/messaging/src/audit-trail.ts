import { Inject, Injectable } from '@nestjs/common';
import { AuditRecordedData, AuditRecordedV1 } from '@tellonce/contracts';
import { actorOf, Principal, SERVICE_NAME } from '@tellonce/platform';
import type { EntityManager } from 'typeorm';
import { EventPublisher } from './event-publisher';

export interface AuditEntry {
  principal: Principal;
  action: 'read' | 'write';
  endpoint: string;
  resource: { kind: string; id: string };
  familyId?: string;
  outcome: 'allowed' | 'denied';
  basis?: string;
}

/**
 * Records every read and write of family data, allowed or denied. Entries travel through this
 * service's outbox to the audit topic; the consent service chains them (each hashes its predecessor).
 */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly publisher: EventPublisher,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  async record(entry: AuditEntry, manager: EntityManager): Promise<void> {
    const data: AuditRecordedData = {
      service: this.service,
      at: new Date().toISOString(),
      actor: actorOf(entry.principal),
      action: entry.action,
      endpoint: entry.endpoint,
      resource: entry.resource,
      outcome: entry.outcome,
    };
    if (entry.familyId) data.familyId = entry.familyId;
    if (entry.basis) data.basis = entry.basis;
    await this.publisher.stage(manager, AuditRecordedV1, data, { key: entry.familyId ?? entry.resource.id });
  }
}
