import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@tellonce/platform';
import { ConsentRecordsService } from '../services/consent-records.service';
import { ConsentParams, FamilyParams, PageQuery, RecordConsentDto, WithdrawConsentDto } from './consent.dto';
import { toConsentResponse } from './responses';

@Controller('v1')
export class ConsentsController {
  constructor(private readonly consents: ConsentRecordsService) {}

  @Post('families/:familyId/consents')
  async record(@CurrentPrincipal() principal: Principal, @Param() params: FamilyParams, @Body() body: RecordConsentDto) {
    return toConsentResponse(await this.consents.record(principal, { ...body, familyId: params.familyId }));
  }

  @Get('families/:familyId/consents')
  async list(@CurrentPrincipal() principal: Principal, @Param() params: FamilyParams, @Query() query: PageQuery) {
    const page = await this.consents.list(principal, params.familyId, query.limit ?? 50, query.cursor);
    return { items: page.items.map(toConsentResponse), nextCursor: page.nextCursor };
  }

  @Post('consents/:id/withdraw')
  @HttpCode(200)
  async withdraw(@CurrentPrincipal() principal: Principal, @Param() params: ConsentParams, @Body() body: WithdrawConsentDto) {
    return toConsentResponse(await this.consents.withdraw(principal, params.id, body.reason));
  }
}
