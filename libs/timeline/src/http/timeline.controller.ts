import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@tellonce/platform';
import { ReadFamilyTimeline } from '../services/read-family-timeline';
import { TimelinePageDto, TimelineQueryDto } from './timeline-query.dto';

@Controller('v1/families')
export class TimelineController {
  constructor(private readonly readTimeline: ReadFamilyTimeline) {}

  @Get(':familyId/timeline')
  read(@CurrentPrincipal() principal: Principal, @Param('familyId') familyId: string, @Query() query: TimelineQueryDto): Promise<TimelinePageDto> {
    return this.readTimeline.execute(principal, familyId, query);
  }
}
