import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@tellonce/platform';
import { FamiliesUseCases } from '../use-cases/families.use-cases';
import { FamilySearchQueryDto, MemberDto, RegisterFamilyDto } from './dto';

@Controller('v1/families')
export class FamiliesController {
  constructor(private readonly families: FamiliesUseCases) {}

  @Post()
  @HttpCode(201)
  register(@CurrentPrincipal() principal: Principal, @Body() body: RegisterFamilyDto) {
    return this.families.register(principal, body);
  }

  @Get()
  search(@CurrentPrincipal() principal: Principal, @Query() query: FamilySearchQueryDto) {
    return this.families.search(principal, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.families.get(principal, id);
  }

  @Post(':id/members')
  @HttpCode(201)
  addMember(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: MemberDto) {
    return this.families.addMember(principal, id, body);
  }
}
