import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@tellonce/platform';
import { PlanChangesService } from '../services/plan-changes.service';
import { PlansService } from '../services/plans.service';
import { ActionTransitionDto, AddActionDto, AddReviewDto, ChangeLevelDto, ClosePlanDto, CreatePlanDto, ListPlansQuery } from './plan.dto';

/** Team Around the Family plans. Pass-through only: scope, rules and audit live in the services; Idempotency-Key is the gateway's. */
@Controller('v1')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly changes: PlanChangesService,
  ) {}

  @Post('families/:familyId/plans')
  create(@CurrentPrincipal() principal: Principal, @Param('familyId') familyId: string, @Body() body: CreatePlanDto) {
    return this.plans.create(principal, familyId, body);
  }

  @Get('families/:familyId/plans')
  list(@CurrentPrincipal() principal: Principal, @Param('familyId') familyId: string, @Query() query: ListPlansQuery) {
    return this.plans.listForFamily(principal, familyId, query.limit, query.cursor);
  }

  @Get('plans/:id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.plans.get(principal, id);
  }

  @Post('plans/:id/close')
  @HttpCode(200)
  close(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: ClosePlanDto) {
    return this.plans.close(principal, id, body);
  }

  @Post('plans/:id/actions')
  addAction(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: AddActionDto) {
    return this.changes.addAction(principal, id, body);
  }

  @Post('plans/:id/actions/:actionId/transitions')
  @HttpCode(200)
  transition(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('actionId') actionId: string, @Body() body: ActionTransitionDto) {
    return this.changes.transitionAction(principal, id, actionId, body);
  }

  @Post('plans/:id/reviews')
  addReview(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: AddReviewDto) {
    return this.changes.addReview(principal, id, body);
  }

  @Post('plans/:id/level')
  @HttpCode(200)
  changeLevel(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: ChangeLevelDto) {
    return this.changes.changeLevel(principal, id, body);
  }
}
