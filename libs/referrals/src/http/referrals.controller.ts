import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@tellonce/platform';
import { ReferralReads } from '../use-cases/referral-reads.use-cases';
import { RaiseReferral } from '../use-cases/referrals.use-cases';
import { TransitionRoute } from '../use-cases/transition-route.use-case';
import { RaiseReferralDto, ReferralListQueryDto, TransitionDto } from './dto';

@Controller('v1/referrals')
export class ReferralsController {
  constructor(
    private readonly raiseReferral: RaiseReferral,
    private readonly reads: ReferralReads,
    private readonly transitionRoute: TransitionRoute,
  ) {}

  @Post()
  @HttpCode(201)
  raise(@CurrentPrincipal() principal: Principal, @Body() body: RaiseReferralDto) {
    return this.raiseReferral.execute(principal, body);
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: ReferralListQueryDto) {
    return this.reads.list(principal, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.reads.get(principal, id);
  }

  @Post(':id/routes/:routeId/transitions')
  @HttpCode(200)
  transition(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('routeId') routeId: string, @Body() body: TransitionDto) {
    return this.transitionRoute.execute(principal, id, routeId, body);
  }
}
