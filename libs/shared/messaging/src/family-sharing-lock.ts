import type { EntityManager } from 'typeorm';

/** Advisory-lock namespace for "a family's sharing view and what it gates" (two-key form, apart from the relay's one-key lock). */
const FAMILY_SHARING_LOCK_SPACE = 0x53484152; // 'SHAR'

/**
 * Serialises, per family, the transactions that read a service's local sharing view to gate
 * something (release a route, send a partner event) and those that change that view (consent
 * events). They arrive on different topics and run concurrently; under READ COMMITTED a "not
 * permitted yet → hold" and a "permitted now → release what is held" could otherwise commit side
 * by side, each blind to the other's rows, and the held item would wait forever.
 * Call it before the first read of the view. Held until the transaction commits or rolls back;
 * statements after it see what the other transaction committed.
 */
export async function lockFamilySharing(manager: EntityManager, familyId: string): Promise<void> {
  await manager.query(`SELECT ${familySharingLockSql('$1')}`, [familyId]);
}

/**
 * The same lock as a SQL expression, for a statement that takes it along with reads that do not
 * need it (saves a round trip). `familyIdParam` is the statement's placeholder for the family id,
 * e.g. '$1'. The view itself must be read by a later statement: this one's snapshot is older than
 * the lock.
 */
export function familySharingLockSql(familyIdParam: string): string {
  // lower(): a uuid written in capitals names the same family, so it must take the same lock.
  return `pg_advisory_xact_lock(${FAMILY_SHARING_LOCK_SPACE}, hashtext(lower(${familyIdParam}::text)))`;
}
