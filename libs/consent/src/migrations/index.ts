import { ConsentTables1763900000000 } from './1763900000000-consent-tables';
import { KnownAgencies1764200000000 } from './1764200000000-known-agencies';

export const CONSENT_MIGRATIONS = [ConsentTables1763900000000, KnownAgencies1764200000000];
