import { Body, Controller, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@tellonce/platform';
import { SafeguardingOverridesService } from '../services/safeguarding-overrides.service';
import { FamilyParams, RecordSafeguardingOverrideDto } from './consent.dto';
import { toOverrideResponse } from './responses';

@Controller('v1/families/:familyId/safeguarding-overrides')
export class SafeguardingOverridesController {
  constructor(private readonly overrides: SafeguardingOverridesService) {}

  @Post()
  async record(@CurrentPrincipal() principal: Principal, @Param() params: FamilyParams, @Body() body: RecordSafeguardingOverrideDto) {
    return toOverrideResponse(await this.overrides.record(principal, params.familyId, body.agencyId, body.justification));
  }
}
