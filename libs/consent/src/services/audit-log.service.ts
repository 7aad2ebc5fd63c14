import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditRecordedData } from '@tellonce/contracts';
import { AuditTrail, WrittenAtCommit } from '@tellonce/messaging';
import type { Principal } from '@tellonce/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditChainEntry, chainAfter, ChainCheck, verifyChainSegment, verifyRowsSelfConsistent } from '../domain/audit-chain';
import { AuditLogEntry } from '../entities/audit-log-entry.entity';
import { AuditLogRepository, entryOf } from '../repositories/audit-log.repository';

const VERIFY_BATCH = 1000;

export interface AuditPage {
  items: AuditLogEntry[];
  nextCursor: string | null;
}

@Injectable()
export class AuditLogService implements OnModuleInit {
  private readonly appendsAtCommit = new WrittenAtCommit<AuditChainEntry>((entries, manager) => this.appendAll(manager, entries));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: AuditLogRepository,
    private readonly audit: AuditTrail,
  ) {}

  onModuleInit(): void {
    this.appendsAtCommit.subscribeTo(this.dataSource);
  }

  /**
   * Appends one entry to the chain when the caller's transaction (which also holds the inbox row)
   * commits. A consumer run's entries are chained together: one head lock, one INSERT and one head
   * update per run instead of per entry, and the head row is locked only for the end of the run.
   * The lock serialises appends from concurrently consumed partitions (and replicas).
   */
  async append(manager: EntityManager, eventId: string, data: AuditRecordedData): Promise<void> {
    await this.appendsAtCommit.add(manager, {
      id: eventId,
      // Normalised to what timestamptz gives back, so the hash can be recomputed from the row.
      at: new Date(data.at).toISOString(),
      service: data.service,
      actor: data.actor,
      action: data.action,
      endpoint: data.endpoint,
      resource: data.resource,
      familyId: data.familyId ?? null,
      outcome: data.outcome,
      basis: data.basis ?? null,
    });
  }

  private async appendAll(manager: EntityManager, entries: AuditChainEntry[]): Promise<void> {
    const head = await this.log.lockHead(manager);
    await this.log.append(manager, chainAfter(head, entries));
  }

  async list(principal: Principal, limit: number, familyId?: string, cursor?: string): Promise<AuditPage> {
    const rows = await this.log.list(limit + 1, familyId, cursor ? Number(cursor) : undefined);
    const items = rows.slice(0, limit);
    await this.audit.record({ principal, action: 'read', endpoint: 'GET /v1/audit', resource: { kind: 'audit-log', id: familyId ?? '*' }, familyId, outcome: 'allowed' }, this.dataSource.manager);
    return { items, nextCursor: rows.length > limit ? String(items[items.length - 1].seq) : null };
  }

  /**
   * Whole chain: every row in order, each hash recomputed and linked to its predecessor, up to the
   * head as it was when verification started (the last row must match the head, so a removed tail
   * shows too). One family: each of its rows recomputed and linked to the row before it.
   */
  async verify(principal: Principal, familyId?: string): Promise<ChainCheck> {
    const result = familyId ? await this.verifyFamily(familyId) : await this.verifyAll();
    await this.audit.record({ principal, action: 'read', endpoint: 'GET /v1/audit/verify', resource: { kind: 'audit-log', id: familyId ?? '*' }, familyId, outcome: 'allowed' }, this.dataSource.manager);
    return result;
  }

  private async verifyAll(): Promise<ChainCheck> {
    const head = await this.log.head();
    const upTo = head?.seq ?? 0;
    let previous: { seq: number; hash: string } | null = null;
    let afterSeq = 0;
    let checked = 0;
    for (;;) {
      const rows: AuditLogEntry[] = (await this.log.chainBatch(afterSeq, VERIFY_BATCH)).filter((r) => r.seq <= upTo);
      const result = verifyChainSegment(
        rows.map((row) => ({ seq: row.seq, entry: entryOf(row), prevHash: row.prevHash, hash: row.hash })),
        previous,
      );
      checked += result.checked;
      if (!result.valid) return { valid: false, checked, brokenAt: result.brokenAt };
      if (rows.length > 0) {
        previous = { seq: rows[rows.length - 1].seq, hash: rows[rows.length - 1].hash };
        afterSeq = previous.seq;
      }
      if (rows.length < VERIFY_BATCH) break;
    }
    const last: { seq: number; hash: string } | null = previous;
    const lastSeq = last ? last.seq : 0;
    if (head && (lastSeq !== head.seq || (last !== null && last.hash !== head.hash))) return { valid: false, checked, brokenAt: lastSeq + 1 };
    return { valid: true, checked };
  }

  private async verifyFamily(familyId: string): Promise<ChainCheck> {
    let afterSeq = 0;
    let checked = 0;
    for (;;) {
      const batch = await this.log.familyBatch(familyId, afterSeq, VERIFY_BATCH);
      const result = verifyRowsSelfConsistent(batch.map(({ row, predecessorHash }) => ({ seq: row.seq, entry: entryOf(row), prevHash: row.prevHash, hash: row.hash, predecessorHash })));
      checked += result.checked;
      if (!result.valid) return { valid: false, checked, brokenAt: result.brokenAt };
      if (batch.length < VERIFY_BATCH) return { valid: true, checked };
      afterSeq = batch[batch.length - 1].row.seq;
    }
  }
}
