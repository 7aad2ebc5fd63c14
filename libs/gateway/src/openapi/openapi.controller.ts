import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '@tellonce/platform';
import { GatewayConfig } from '../gateway.config';
import { GATEWAY_CONFIG } from '../proxy/gateway-proxy.middleware';
import { buildOpenApiDocument } from './openapi';

@Public()
@Controller('v1')
export class OpenApiController {
  private readonly document: Record<string, unknown>;
  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.document = buildOpenApiDocument(`http://localhost:${config.GATEWAY_PORT}`);
  }

  @Get('openapi.json')
  openapi() {
    return this.document;
  }
}
