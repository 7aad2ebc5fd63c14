import { Controller, Get, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@tellonce/platform';
import { NotificationInboxService } from '../services/notification-inbox.service';
import { PageQueryDto } from './subscription.dto';

@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly inbox: NotificationInboxService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto) {
    return this.inbox.list(principal, query.limit, query.cursor);
  }
}
