import { Controller, Get } from '@nestjs/common';
import { OpsStatusService } from './ops-status.service';

@Controller('v1/ops')
export class OpsController {
  constructor(private readonly ops: OpsStatusService) {}

  @Get('status')
  status() {
    return this.ops.status();
  }
}
