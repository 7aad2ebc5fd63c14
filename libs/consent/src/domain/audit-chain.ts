import { createHash } from 'node:crypto';

/** What one audit log row says; every field is part of its hash. */
export interface AuditChainEntry {
  id: string;
  at: string;
  service: string;
  actor: { sub: string; role: string; agencyId?: string; hubId?: string };
  action: string;
  endpoint: string;
  resource: { kind: string; id: string };
  familyId: string | null;
  outcome: string;
  basis: string | null;
}

export interface ChainedRow {
  seq: number;
  entry: AuditChainEntry;
  prevHash: string;
  hash: string;
}

/** The hash before the first row. */
export const GENESIS_HASH = '0'.repeat(64);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with object keys sorted at every level and no whitespace: the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  const normalise = (v: unknown): Json => {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    if (Array.isArray(v)) return v.map(normalise);
    if (typeof v === 'object') {
      const out: { [key: string]: Json } = {};
      for (const key of Object.keys(v as object).sort()) {
        const field = (v as Record<string, unknown>)[key];
        if (field !== undefined) out[key] = normalise(field);
      }
      return out;
    }
    throw new TypeError(`cannot canonicalise a ${typeof v}`);
  };
  return JSON.stringify(normalise(value));
}

export function chainHash(prevHash: string, entry: AuditChainEntry): string {
  return createHash('sha256').update(prevHash + canonicalJson(entry)).digest('hex');
}

/** Entries appended after `head` (the chain's last seq and hash): consecutive seqs, each linked to the one before. */
export function chainAfter(head: { seq: number; hash: string }, entries: readonly AuditChainEntry[]): ChainedRow[] {
  let { seq, hash } = head;
  return entries.map((entry) => {
    const row = { seq: ++seq, entry, prevHash: hash, hash: chainHash(hash, entry) };
    hash = row.hash;
    return row;
  });
}

export interface ChainCheck {
  valid: boolean;
  checked: number;
  brokenAt?: number;
}

/**
 * Checks consecutive rows (ascending seq, no gaps) starting after `previous` (the row before the
 * first one given, or null at the start of the chain). The first row whose hash does not match its
 * content, whose prev_hash does not match its predecessor, or whose seq skips one, breaks the chain.
 */
export function verifyChainSegment(rows: readonly ChainedRow[], previous: { seq: number; hash: string } | null): ChainCheck {
  let expectedSeq = previous ? previous.seq + 1 : 1;
  let expectedPrev = previous ? previous.hash : GENESIS_HASH;
  let checked = 0;
  for (const row of rows) {
    checked++;
    if (row.seq !== expectedSeq || row.prevHash !== expectedPrev || chainHash(row.prevHash, row.entry) !== row.hash) {
      return { valid: false, checked, brokenAt: Math.min(row.seq, expectedSeq) };
    }
    expectedSeq = row.seq + 1;
    expectedPrev = row.hash;
  }
  return { valid: true, checked };
}

/** Checks rows one by one (not necessarily consecutive): each hash must match its own content and prev_hash. */
export function verifyRowsSelfConsistent(rows: readonly (ChainedRow & { predecessorHash: string | null })[]): ChainCheck {
  let checked = 0;
  for (const row of rows) {
    checked++;
    const expectedPrev = row.seq === 1 ? GENESIS_HASH : row.predecessorHash;
    if (row.prevHash !== expectedPrev || chainHash(row.prevHash, row.entry) !== row.hash) return { valid: false, checked, brokenAt: row.seq };
  }
  return { valid: true, checked };
}
