import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditChainEntry } from '../domain/audit-chain';
import { AuditChainHead, AuditLogEntry } from '../entities/audit-log-entry.entity';

export interface ChainRowWithPredecessor {
  row: AuditLogEntry;
  predecessorHash: string | null;
}

export function entryOf(row: AuditLogEntry): AuditChainEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    service: row.service,
    actor: row.actor,
    action: row.action,
    endpoint: row.endpoint,
    resource: row.resource,
    familyId: row.familyId,
    outcome: row.outcome,
    basis: row.basis,
  };
}

@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Locks the chain head: appends across partitions and replicas happen one at a time. */
  async lockHead(manager: EntityManager): Promise<AuditChainHead> {
    const head = await manager.createQueryBuilder(AuditChainHead, 'h').setLock('pessimistic_write').where('h.id = 1').getOne();
    if (!head) throw new Error('audit_chain_head row is missing');
    return head;
  }

  async append(manager: EntityManager, seq: number, entry: AuditChainEntry, prevHash: string, hash: string): Promise<void> {
    await manager.insert(AuditLogEntry, {
      seq,
      id: entry.id,
      at: new Date(entry.at),
      service: entry.service,
      actor: entry.actor,
      action: entry.action,
      endpoint: entry.endpoint,
      resource: entry.resource,
      familyId: entry.familyId,
      outcome: entry.outcome,
      basis: entry.basis,
      prevHash,
      hash,
    });
    await manager.update(AuditChainHead, { id: 1 }, { seq, hash });
  }

  async head(): Promise<AuditChainHead | null> {
    return this.dataSource.manager.findOne(AuditChainHead, { where: { id: 1 } });
  }

  /** Newest first, keyset-paginated by seq. */
  async list(limit: number, familyId?: string, beforeSeq?: number): Promise<AuditLogEntry[]> {
    const query = this.dataSource.manager.createQueryBuilder(AuditLogEntry, 'a');
    if (familyId) query.andWhere('a.family_id = :familyId', { familyId });
    if (beforeSeq !== undefined) query.andWhere('a.seq < :beforeSeq', { beforeSeq });
    return query.orderBy('a.seq', 'DESC').limit(limit).getMany();
  }

  /** Rows in ascending seq after `afterSeq`, one batch of the whole chain. */
  async chainBatch(afterSeq: number, limit: number): Promise<AuditLogEntry[]> {
    return this.dataSource.manager.createQueryBuilder(AuditLogEntry, 'a').where('a.seq > :afterSeq', { afterSeq }).orderBy('a.seq', 'ASC').limit(limit).getMany();
  }

  /** One family's rows in ascending seq after `afterSeq`, each with the hash of the row just before it in the chain. */
  async familyBatch(familyId: string, afterSeq: number, limit: number): Promise<ChainRowWithPredecessor[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(AuditLogEntry, 'a')
      .where('a.family_id = :familyId AND a.seq > :afterSeq', { familyId, afterSeq })
      .orderBy('a.seq', 'ASC')
      .limit(limit)
      .getMany();
    if (rows.length === 0) return [];
    const predecessors: { seq: string; hash: string }[] = await this.dataSource.query('SELECT seq, hash FROM audit_log WHERE seq = ANY($1::bigint[])', [rows.map((r) => r.seq - 1)]);
    const bySeq = new Map(predecessors.map((p) => [Number(p.seq), p.hash]));
    return rows.map((row) => ({ row, predecessorHash: bySeq.get(row.seq - 1) ?? null }));
  }
}
