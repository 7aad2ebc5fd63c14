import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataCategory } from '@tellonce/contracts';
import { AuditTrail } from '@tellonce/messaging';
import { forbidden, isAgencyRole, Principal } from '@tellonce/platform';
import { decideSharing, SharingDecision } from '@tellonce/sharing-policy';
import type { DataSource } from 'typeorm';
import { Clock, CLOCK } from '../domain/clock';
import { ConsentRecordsRepository, toOverrideView, toRecordView } from '../repositories/consent-records.repository';
import { SafeguardingOverridesRepository } from '../repositories/safeguarding-overrides.repository';

export interface SharingQuestion {
  familyId: string;
  agencyId: string;
  purpose?: string;
  dataCategory?: DataCategory;
  personId?: string;
}

const ENDPOINT = 'GET /v1/consent/decision';

@Injectable()
export class SharingDecisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: ConsentRecordsRepository,
    private readonly overrides: SafeguardingOverridesRepository,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Two indexed reads (a family's active records, its unrevoked overrides for the agency) and the
   * pure decision. An agency role may only ask about its own agency: asking about another is 403
   * (the caller learns nothing about any family, and it is a misuse worth flagging, not a miss).
   * An unknown family simply has no basis: "not permitted", never a hint it exists or not.
   */
  async decide(principal: Principal, question: SharingQuestion): Promise<SharingDecision> {
    const resource = { kind: 'sharing-decision', id: question.familyId };
    if (isAgencyRole(principal) && principal.agencyId !== question.agencyId) {
      await this.audit.record({ principal, action: 'read', endpoint: ENDPOINT, resource, familyId: question.familyId, outcome: 'denied' }, this.dataSource.manager);
      throw forbidden('An agency may only ask about sharing with itself.');
    }
    const manager = this.dataSource.manager;
    const records = await this.records.findActiveByFamily(manager, question.familyId);
    const overrides = await this.overrides.findUnrevoked(manager, question.familyId, question.agencyId);
    const decision = decideSharing({ ...question, records: records.map(toRecordView), overrides: overrides.map(toOverrideView), at: this.clock.now() });
    await this.audit.record({ principal, action: 'read', endpoint: ENDPOINT, resource, familyId: question.familyId, outcome: 'allowed', basis: decision.basis }, manager);
    return decision;
  }
}
