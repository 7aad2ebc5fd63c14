import type { Actor } from '@tellonce/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row of the tamper-evident audit log. Append-only (a trigger rejects UPDATE and DELETE);
 * hash = sha256(prev_hash + canonical JSON of the entry), so any change breaks the chain.
 */
@Entity('audit_log')
@Index('audit_log_family_seq', ['familyId', 'seq'])
export class AuditLogEntry {
  @PrimaryColumn('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) seq: number;
  @Column('uuid', { unique: true }) id: string;
  @Column('timestamptz') at: Date;
  @Column('text') service: string;
  @Column('jsonb') actor: Actor;
  @Column('text') action: string;
  @Column('text') endpoint: string;
  @Column('jsonb') resource: { kind: string; id: string };
  @Column('text', { name: 'family_id', nullable: true }) familyId: string | null;
  @Column('text') outcome: string;
  @Column('text', { nullable: true }) basis: string | null;
  @Column('text', { name: 'prev_hash' }) prevHash: string;
  @Column('text') hash: string;
  @Column('timestamptz', { name: 'appended_at', default: () => 'now()' }) appendedAt: Date;
}

/** The single row every append locks: serialises appends and records the last seq and hash. */
@Entity('audit_chain_head')
export class AuditChainHead {
  @PrimaryColumn('int') id: number;
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) seq: number;
  @Column('text') hash: string;
}
