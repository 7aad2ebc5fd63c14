import { Controller, Get } from '@nestjs/common';
import { NotificationsOpsService } from '../services/notifications-ops.service';

/** Exhausted webhook deliveries for ops: ids, types and attempt counts, no family data. */
@Controller('v1/ops')
export class NotificationsOpsController {
  constructor(private readonly ops: NotificationsOpsService) {}

  @Get('webhook-dead-letters')
  async webhookDeadLetters() {
    return { items: await this.ops.deadLetters() };
  }
}
