import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { SafeguardingOverride } from '../entities/safeguarding-override.entity';

@Injectable()
export class SafeguardingOverridesRepository {
  async insert(manager: EntityManager, override: SafeguardingOverride): Promise<void> {
    await manager.insert(SafeguardingOverride, override);
  }

  /** Overrides not revoked, for one family (and one agency when given). */
  findUnrevoked(manager: EntityManager, familyId: string, agencyId?: string): Promise<SafeguardingOverride[]> {
    return manager.find(SafeguardingOverride, { where: { familyId, revokedAt: IsNull(), ...(agencyId ? { agencyId } : {}) } });
  }
}
