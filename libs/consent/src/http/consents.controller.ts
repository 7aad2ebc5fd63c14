import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal, UuidOrNotFoundPipe } from '@tellonce/platform';
import { ConsentRecordsService } from '../services/consent-records.service';
import { PageQuery, RecordConsentDto, WithdrawConsentDto } from './consent.dto';
import { toConsentResponse } from './responses';

@Controller('v1')
export class ConsentsController {
  constructor(private readonly consents: ConsentRecordsService) {}

  @Post('families/:familyId/consents')
  async record(@CurrentPrincipal() principal: Principal, @Param('familyId', new UuidOrNotFoundPipe('family')) familyId: string, @Body() body: RecordConsentDto) {
    return toConsentResponse(await this.consents.record(principal, { ...body, familyId }));
  }

  @Get('families/:familyId/consents')
  async list(@CurrentPrincipal() principal: Principal, @Param('familyId', new UuidOrNotFoundPipe('family')) familyId: string, @Query() query: PageQuery) {
    const page = await this.consents.list(principal, familyId, query.limit ?? 50, query.cursor);
    return { items: page.items.map(toConsentResponse), nextCursor: page.nextCursor };
  }

  @Post('consents/:id/withdraw')
  @HttpCode(200)
  async withdraw(@CurrentPrincipal() principal: Principal, @Param('id', new UuidOrNotFoundPipe('consent')) id: string, @Body() body: WithdrawConsentDto) {
    return toConsentResponse(await this.consents.withdraw(principal, id, body.reason));
  }
}
