import { Module } from '@nestjs/common';
import { ProjectEveryDomainEventOntoTheTimelineHandler } from './handlers/project-every-domain-event-onto-the-timeline.handler';
import { TimelineController } from './http/timeline.controller';
import { DirectoryViewRepository } from './repositories/directory-view.repository';
import { SharingViewRepository } from './repositories/sharing-view.repository';
import { TimelineEntryRepository } from './repositories/timeline-entry.repository';
import { ReadFamilyTimeline } from './services/read-family-timeline';
import { TimelineProjector } from './services/timeline-projector';
import { TimelineRebuilder } from './services/timeline-rebuilder';

/** The timeline: a per-family projection of every domain event, read through one endpoint. */
@Module({
  controllers: [TimelineController],
  providers: [
    TimelineEntryRepository,
    DirectoryViewRepository,
    SharingViewRepository,
    TimelineProjector,
    TimelineRebuilder,
    ReadFamilyTimeline,
    ProjectEveryDomainEventOntoTheTimelineHandler,
  ],
  exports: [TimelineRebuilder, TimelineProjector, TimelineEntryRepository],
})
export class TimelineModule {}
