import { Controller, Get, Query } from '@nestjs/common';
import { NotificationsOpsService } from '../services/notifications-ops.service';
import { PageQueryDto } from './subscription.dto';

/** Exhausted webhook deliveries for ops: ids, types and attempt counts, no family data. */
@Controller('v1/ops')
export class NotificationsOpsController {
  constructor(private readonly ops: NotificationsOpsService) {}

  @Get('webhook-dead-letters')
  webhookDeadLetters(@Query() query: PageQueryDto) {
    return this.ops.deadLetters(query.limit, query.cursor);
  }
}
