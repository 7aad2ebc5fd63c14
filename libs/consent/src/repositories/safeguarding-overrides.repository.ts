import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { SafeguardingOverride } from '../entities/safeguarding-override.entity';

@Injectable()
export class SafeguardingOverridesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, override: SafeguardingOverride): Promise<void> {
    await manager.insert(SafeguardingOverride, override);
  }

  /** Overrides not revoked, for one family (and one agency when given). */
  findUnrevoked(familyId: string, agencyId?: string, manager: EntityManager = this.dataSource.manager): Promise<SafeguardingOverride[]> {
    return manager.find(SafeguardingOverride, { where: { familyId, revokedAt: IsNull(), ...(agencyId ? { agencyId } : {}) } });
  }
}
