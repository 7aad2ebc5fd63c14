import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tellonce/contracts';
import type { ConsentRecordView, OverrideView } from '@tellonce/sharing-policy';
import type { DataSource, EntityManager } from 'typeorm';
import { ConsentHistoryEntry } from '../entities/consent-history.entity';
import { ConsentRecord, ConsentRecordStatus } from '../entities/consent-record.entity';
import { SafeguardingOverride } from '../entities/safeguarding-override.entity';

export function toRecordView(record: ConsentRecord): ConsentRecordView {
  const view: ConsentRecordView = {
    id: record.id,
    familyId: record.familyId,
    decision: record.decision,
    subjectPersonIds: record.subjectPersonIds,
    agencyIds: record.agencyIds,
    purposes: record.purposes,
    dataCategories: record.dataCategories,
    status: record.status,
    recordedAt: record.recordedAt,
  };
  if (record.expiresAt) view.expiresAt = record.expiresAt;
  return view;
}

export function toOverrideView(override: SafeguardingOverride): OverrideView {
  const view: OverrideView = { id: override.id, familyId: override.familyId, agencyId: override.agencyId, recordedAt: override.recordedAt };
  if (override.revokedAt) view.revokedAt = override.revokedAt;
  return view;
}

export interface StatusChange {
  status: Exclude<ConsentRecordStatus, 'active'>;
  at: Date;
  actor: Actor;
  reason: string | null;
}

@Injectable()
export class ConsentRecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, record: Omit<ConsentRecord, 'seq'>): Promise<void> {
    await manager.insert(ConsentRecord, record);
    await manager.insert(ConsentHistoryEntry, { id: randomUUID(), consentId: record.id, status: 'active', at: record.recordedAt, actor: record.recordedBy, reason: null });
  }

  findById(manager: EntityManager, id: string): Promise<ConsentRecord | null> {
    return manager.findOne(ConsentRecord, { where: { id } });
  }

  /** Locks the row so two withdrawals (or a withdrawal and the sweep) cannot both move it on. */
  findByIdForUpdate(manager: EntityManager, id: string): Promise<ConsentRecord | null> {
    return manager.createQueryBuilder(ConsentRecord, 'c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
  }

  /** Active records of one family (index consent_records_family_status): what decisions are made from. */
  findActiveByFamily(manager: EntityManager, familyId: string): Promise<ConsentRecord[]> {
    return manager.find(ConsentRecord, { where: { familyId, status: 'active' } });
  }

  /** Newest first, keyset-paginated by seq. */
  async listByFamily(familyId: string, limit: number, beforeSeq?: string): Promise<ConsentRecord[]> {
    const query = this.dataSource.manager.createQueryBuilder(ConsentRecord, 'c').where('c.family_id = :familyId', { familyId });
    if (beforeSeq) query.andWhere('c.seq < :beforeSeq', { beforeSeq });
    return query.orderBy('c.seq', 'DESC').limit(limit).getMany();
  }

  /** Active records due to expire, locked; rows another sweeper holds are skipped. */
  findDueToExpireForUpdate(manager: EntityManager, at: Date, limit: number): Promise<ConsentRecord[]> {
    return manager
      .createQueryBuilder(ConsentRecord, 'c')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where(`c.status = 'active' AND c.expires_at IS NOT NULL AND c.expires_at <= :at`, { at })
      .orderBy('c.expires_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Moves a record on and appends the move to its history. */
  async changeStatus(manager: EntityManager, record: ConsentRecord, change: StatusChange): Promise<void> {
    if (change.status === 'withdrawn') {
      record.withdrawnAt = change.at;
      record.withdrawnBy = change.actor;
      record.withdrawalReason = change.reason;
    } else {
      record.expiredAt = change.at;
    }
    record.status = change.status;
    await manager.update(
      ConsentRecord,
      { id: record.id, status: 'active' },
      { status: record.status, withdrawnAt: record.withdrawnAt, withdrawnBy: record.withdrawnBy, withdrawalReason: record.withdrawalReason, expiredAt: record.expiredAt },
    );
    await manager.insert(ConsentHistoryEntry, { id: randomUUID(), consentId: record.id, status: change.status, at: change.at, actor: change.actor, reason: change.reason });
  }
}
