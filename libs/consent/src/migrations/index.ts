import { ConsentTables1763900000000 } from './1763900000000-consent-tables';

export const CONSENT_MIGRATIONS = [ConsentTables1763900000000];
