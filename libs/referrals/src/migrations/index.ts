import { StepUpReferralsPerEscalation1764300000000 } from './1764300000000-step-up-referrals-per-escalation';
import { ReferralsSchema1764000000000 } from './referrals-schema.migration';

export const REFERRALS_MIGRATIONS = [ReferralsSchema1764000000000, StepUpReferralsPerEscalation1764300000000];
