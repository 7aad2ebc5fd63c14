import { ReferralsSchema1764000000000 } from './referrals-schema.migration';

export const REFERRALS_MIGRATIONS = [ReferralsSchema1764000000000];
