import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditChainEntry, ChainedRow } from '../domain/audit-chain';
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
  async lockHead(manager: EntityManager): Promise<{ seq: number; hash: string }> {
    const rows: { seq: string; hash: string }[] = await manager.query('SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE');
    if (!rows.length) throw new Error('audit_chain_head row is missing');
    return { seq: Number(rows[0].seq), hash: rows[0].hash };
  }

  /**
   * Appends chained rows (consecutive seqs after the locked head) and moves the head to the last:
   * one statement per 1,000 rows, well under PostgreSQL's 65,535 parameters.
   */
  async append(manager: EntityManager, rows: ChainedRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += 1000) await this.appendChunk(manager, rows.slice(start, start + 1000));
  }

  private async appendChunk(manager: EntityManager, rows: ChainedRow[]): Promise<void> {
    const columns = 13;
    const values = rows.map((_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`);
    const last = rows[rows.length - 1];
    const params = rows.flatMap(({ seq, entry, prevHash, hash }) => [
      seq,
      entry.id,
      entry.at,
      entry.service,
      JSON.stringify(entry.actor),
      entry.action,
      entry.endpoint,
      JSON.stringify(entry.resource),
      entry.familyId,
      entry.outcome,
      entry.basis,
      prevHash,
      hash,
    ]);
    await manager.query(
      `WITH appended AS (
         INSERT INTO audit_log (seq, id, at, service, actor, action, endpoint, resource, family_id, outcome, basis, prev_hash, hash)
         VALUES ${values.join(', ')})
       UPDATE audit_chain_head SET seq = $${params.length + 1}, hash = $${params.length + 2} WHERE id = 1`,
      [...params, last.seq, last.hash],
    );
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
