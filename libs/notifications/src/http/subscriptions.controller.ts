import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '@tellonce/platform';
import { SubscriptionsService } from '../services/subscriptions.service';
import { CreateSubscriptionDto, KafkaDeliveryDto, PageQueryDto, ReplayDto } from './subscription.dto';

@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateSubscriptionDto, @Headers('idempotency-key') idempotencyKey?: string) {
    return this.subscriptions.create(principal, dto, idempotencyKey?.slice(0, 200));
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto) {
    return this.subscriptions.list(principal, query.limit, query.cursor);
  }

  @Put('kafka-delivery')
  kafkaDelivery(@CurrentPrincipal() principal: Principal, @Body() dto: KafkaDeliveryDto) {
    return this.subscriptions.setKafkaDelivery(principal, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.subscriptions.remove(principal, id);
  }

  @Get(':id/deliveries')
  deliveries(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: PageQueryDto) {
    return this.subscriptions.deliveries(principal, id, query.limit, query.cursor);
  }

  @Post(':id/replay')
  @HttpCode(202)
  replay(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ReplayDto) {
    return this.subscriptions.replay(principal, id, dto.since);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  rotateSecret(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.subscriptions.rotateSecret(principal, id);
  }
}
