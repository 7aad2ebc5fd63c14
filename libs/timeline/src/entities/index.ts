import { DirectoryAgency, DirectoryService } from './directory-view.entities';
import { ConsentRecordRow, SafeguardingOverrideRow } from './sharing-view.entities';
import { TimelineEntry } from './timeline-entry.entity';

export { DirectoryAgency, DirectoryService, ConsentRecordRow, SafeguardingOverrideRow, TimelineEntry };
export const TIMELINE_ENTITIES = [TimelineEntry, DirectoryAgency, DirectoryService, ConsentRecordRow, SafeguardingOverrideRow];
