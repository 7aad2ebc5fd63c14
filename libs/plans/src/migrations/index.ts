import { PlansSchema1763900000000 } from './1763900000000-plans-schema.migration';

export const PLANS_MIGRATIONS = [PlansSchema1763900000000];
