import { Controller, Get, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@tellonce/platform';
import { AuditLogService } from '../services/audit-log.service';
import { AuditQuery, AuditVerifyQuery } from './consent.dto';
import { toAuditItem } from './responses';

@Controller('v1/audit')
export class AuditController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: AuditQuery) {
    const page = await this.auditLog.list(principal, query.limit ?? 50, query.familyId, query.cursor);
    return { items: page.items.map(toAuditItem), nextCursor: page.nextCursor };
  }

  @Get('verify')
  verify(@CurrentPrincipal() principal: Principal, @Query() query: AuditVerifyQuery) {
    return this.auditLog.verify(principal, query.familyId);
  }
}
