import { TimelineTables1764100000000 } from './1764100000000-timeline-tables';

export const TIMELINE_MIGRATIONS = [TimelineTables1764100000000];
