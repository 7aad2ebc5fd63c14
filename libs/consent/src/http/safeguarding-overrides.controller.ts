import { Body, Controller, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal, UuidOrNotFoundPipe } from '@tellonce/platform';
import { SafeguardingOverridesService } from '../services/safeguarding-overrides.service';
import { RecordSafeguardingOverrideDto } from './consent.dto';
import { toOverrideResponse } from './responses';

@Controller('v1/families/:familyId/safeguarding-overrides')
export class SafeguardingOverridesController {
  constructor(private readonly overrides: SafeguardingOverridesService) {}

  @Post()
  async record(@CurrentPrincipal() principal: Principal, @Param('familyId', new UuidOrNotFoundPipe('family')) familyId: string, @Body() body: RecordSafeguardingOverrideDto) {
    return toOverrideResponse(await this.overrides.record(principal, familyId, body.agencyId, body.justification));
  }
}
