import type { Actor } from '@tellonce/contracts';
import type { AuditLogEntry } from '../entities/audit-log-entry.entity';
import type { ConsentRecord } from '../entities/consent-record.entity';
import type { SafeguardingOverride } from '../entities/safeguarding-override.entity';

export interface ConsentResponse {
  id: string;
  familyId: string;
  status: ConsentRecord['status'];
  decision: ConsentRecord['decision'];
  subjectPersonIds: string[];
  grantedByPersonId: string;
  agencyIds: string[];
  purposes: string[];
  dataCategories: string[];
  method: ConsentRecord['method'];
  expiresAt?: string;
  recordedAt: string;
  recordedBy: Actor;
  withdrawnAt?: string;
  withdrawnBy?: Actor;
  withdrawalReason?: string;
  expiredAt?: string;
}

export function toConsentResponse(record: ConsentRecord): ConsentResponse {
  const body: ConsentResponse = {
    id: record.id,
    familyId: record.familyId,
    status: record.status,
    decision: record.decision,
    subjectPersonIds: record.subjectPersonIds,
    grantedByPersonId: record.grantedByPersonId,
    agencyIds: record.agencyIds,
    purposes: record.purposes,
    dataCategories: record.dataCategories,
    method: record.method,
    recordedAt: record.recordedAt.toISOString(),
    recordedBy: record.recordedBy,
  };
  if (record.expiresAt) body.expiresAt = record.expiresAt.toISOString();
  if (record.withdrawnAt) body.withdrawnAt = record.withdrawnAt.toISOString();
  if (record.withdrawnBy) body.withdrawnBy = record.withdrawnBy;
  if (record.withdrawalReason) body.withdrawalReason = record.withdrawalReason;
  if (record.expiredAt) body.expiredAt = record.expiredAt.toISOString();
  return body;
}

/** The justification is not echoed back: it may name people, and the caller already has it. */
export function toOverrideResponse(override: SafeguardingOverride) {
  return { id: override.id, familyId: override.familyId, agencyId: override.agencyId, recordedAt: override.recordedAt.toISOString(), recordedBy: override.recordedBy };
}

export function toAuditItem(row: AuditLogEntry) {
  return {
    id: row.id,
    seq: row.seq,
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
