import { Controller, Get, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@tellonce/platform';
import { SharingDecisionsService } from '../services/sharing-decisions.service';
import { DecisionQuery } from './consent.dto';

@Controller('v1/consent')
export class ConsentDecisionController {
  constructor(private readonly decisions: SharingDecisionsService) {}

  @Get('decision')
  decide(@CurrentPrincipal() principal: Principal, @Query() query: DecisionQuery) {
    return this.decisions.decide(principal, query);
  }
}
