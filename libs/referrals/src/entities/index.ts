import { Agency, DirectoryService, Hub } from './directory.entities';
import { Family, FamilyMember } from './family.entities';
import { Referral, ReferralNeed, ReferralRoute, RouteHistory } from './referral.entities';
import { ConsentRecordRow, OverrideRow } from './sharing-grant.entity';

export * from './directory.entities';
export * from './family.entities';
export * from './referral.entities';
export * from './sharing-grant.entity';

export const REFERRALS_ENTITIES = [Hub, Agency, DirectoryService, Family, FamilyMember, Referral, ReferralNeed, ReferralRoute, RouteHistory, ConsentRecordRow, OverrideRow];
