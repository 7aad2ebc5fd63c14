import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { lookAgainUntil, viewWaitMs } from '@tellonce/platform';
import { KnownFamily, KnownFamilyMember } from '../entities/known-family.entity';

@Injectable()
export class KnownFamiliesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async recordFamily(manager: EntityManager, familyId: string, hubId: string | null, personIds: string[]): Promise<void> {
    await manager.createQueryBuilder().insert().into(KnownFamily).values({ familyId, hubId }).orIgnore().execute();
    if (personIds.length > 0) await this.recordMembers(manager, familyId, personIds);
  }

  async recordMembers(manager: EntityManager, familyId: string, personIds: string[]): Promise<void> {
    await manager.createQueryBuilder().insert().into(KnownFamily).values({ familyId, hubId: null }).orIgnore().execute();
    await manager
      .createQueryBuilder()
      .insert()
      .into(KnownFamilyMember)
      .values(personIds.map((personId) => ({ familyId, personId })))
      .orIgnore()
      .execute();
  }

  async exists(familyId: string): Promise<boolean> {
    return this.dataSource.manager.exists(KnownFamily, { where: { familyId } });
  }

  /**
   * A family registered a moment ago may not have reached this view yet (its event is in flight),
   * so a coordinator recording consent straight after registering waits briefly instead of a 404.
   */
  async existsWithin(familyId: string, waitMs = viewWaitMs()): Promise<boolean> {
    return lookAgainUntil(() => this.exists(familyId), Boolean, { waitMs });
  }

  /** Which of these ids are not members of the family. */
  async unknownMembers(familyId: string, personIds: string[]): Promise<string[]> {
    const unique = [...new Set(personIds)];
    const found = await this.dataSource.manager.find(KnownFamilyMember, { where: { familyId, personId: In(unique) } });
    const known = new Set(found.map((m) => m.personId));
    return unique.filter((id) => !known.has(id));
  }
}
