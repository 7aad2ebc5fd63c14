import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SafeguardingOverrideRecordedV1 } from '@tellonce/contracts';
import { AuditTrail, EventPublisher } from '@tellonce/messaging';
import { actorOf, badRequest, notFound, Principal } from '@tellonce/platform';
import type { DataSource } from 'typeorm';
import { Clock, CLOCK } from '../domain/clock';
import { SafeguardingOverride } from '../entities/safeguarding-override.entity';
import { KnownAgenciesRepository } from '../repositories/known-agencies.repository';
import { KnownFamiliesRepository } from '../repositories/known-families.repository';
import { SafeguardingOverridesRepository } from '../repositories/safeguarding-overrides.repository';

const ENDPOINT = 'POST /v1/families/:familyId/safeguarding-overrides';

@Injectable()
export class SafeguardingOverridesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly overrides: SafeguardingOverridesRepository,
    private readonly families: KnownFamiliesRepository,
    private readonly agencies: KnownAgenciesRepository,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Always audited (basis safeguarding-override), in the same transaction as the override and its event. */
  async record(principal: Principal, familyId: string, agencyId: string, justification: string): Promise<SafeguardingOverride> {
    if (!(await this.families.existsWithin(familyId))) {
      await this.audit.record({ principal, action: 'write', endpoint: ENDPOINT, resource: { kind: 'family', id: familyId }, familyId, outcome: 'denied', basis: 'safeguarding-override' }, this.dataSource.manager);
      throw notFound('family');
    }
    if ((await this.agencies.unknownWithin([agencyId])).length > 0) {
      await this.audit.record({ principal, action: 'write', endpoint: ENDPOINT, resource: { kind: 'family', id: familyId }, familyId, outcome: 'denied', basis: 'safeguarding-override' }, this.dataSource.manager);
      throw badRequest('The request is not valid.', [{ field: 'agencyId', message: 'must be an active agency of the directory' }]);
    }
    const actor = actorOf(principal);
    const override: SafeguardingOverride = { id: randomUUID(), familyId, agencyId, justification, recordedAt: this.clock.now(), recordedBy: actor, revokedAt: null };
    await this.dataSource.transaction(async (manager) => {
      await this.overrides.insert(manager, override);
      await this.publisher.stage(manager, SafeguardingOverrideRecordedV1, { overrideId: override.id, familyId, agencyId, actor }, { key: familyId, subject: override.id, time: override.recordedAt });
      await this.audit.record(
        { principal, action: 'write', endpoint: ENDPOINT, resource: { kind: 'safeguarding-override', id: override.id }, familyId, outcome: 'allowed', basis: 'safeguarding-override' },
        manager,
      );
    });
    return override;
  }
}
