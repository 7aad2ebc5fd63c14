import { AuditChainHead, AuditLogEntry } from './audit-log-entry.entity';
import { ConsentHistoryEntry } from './consent-history.entity';
import { ConsentRecord } from './consent-record.entity';
import { KnownAgency } from './known-agency.entity';
import { KnownFamily, KnownFamilyMember } from './known-family.entity';
import { SafeguardingOverride } from './safeguarding-override.entity';

export { AuditChainHead, AuditLogEntry, ConsentHistoryEntry, ConsentRecord, KnownAgency, KnownFamily, KnownFamilyMember, SafeguardingOverride };
export type { ConsentRecordStatus } from './consent-record.entity';

export const CONSENT_ENTITIES = [ConsentRecord, ConsentHistoryEntry, SafeguardingOverride, KnownFamily, KnownFamilyMember, KnownAgency, AuditLogEntry, AuditChainHead];
