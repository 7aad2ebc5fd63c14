import { DynamicModule, MiddlewareConsumer, Module, NestModule, OnModuleDestroy, Inject } from '@nestjs/common';
import { HealthRegistry, PlatformModule } from '@tellonce/platform';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { DEV_TOKEN_ISSUER, DevTokenController } from './auth/dev-token.controller';
import { DevTokenIssuer } from './auth/dev-token-issuer';
import { SignInConfigSource } from './auth/sign-in-config';
import { SignInConfigController } from './auth/sign-in-config.controller';
import { GatewayConfig } from './gateway.config';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { OpenApiController } from './openapi/openapi.controller';
import { OPS_KAFKA, OPS_REDIS, OpsStatusService } from './ops/ops-status.service';
import { DeadLetterStore } from './ops/dead-letter-store';
import { DEAD_LETTER_STORE, OpsController } from './ops/ops.controller';
import { GATEWAY_CONFIG, GatewayProxyMiddleware, IDEMPOTENCY_STORE } from './proxy/gateway-proxy.middleware';

@Module({})
export class GatewayModule implements NestModule, OnModuleDestroy {
  constructor(
    @Inject(OPS_REDIS) private readonly redis: Redis,
    @Inject(DEAD_LETTER_STORE) private readonly deadLetters: DeadLetterStore,
    health: HealthRegistry,
  ) {
    health.register('redis', async () => {
      await this.redis.ping();
    });
  }

  static async forRoot(config: GatewayConfig): Promise<DynamicModule> {
    const issuer = config.AUTH_MODE === 'dev' ? await DevTokenIssuer.create(config.AUTH_ISSUER, config.AUTH_AUDIENCE) : null;
    return {
      module: GatewayModule,
      imports: [PlatformModule.forRoot({ serviceName: 'gateway', config })],
      controllers: [DevTokenController, SignInConfigController, OpenApiController, OpsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: DEV_TOKEN_ISSUER, useValue: issuer },
        { provide: SignInConfigSource, useFactory: () => new SignInConfigSource(config) },
        { provide: OPS_REDIS, useFactory: () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false }) },
        { provide: IDEMPOTENCY_STORE, useFactory: (redis: Redis) => new IdempotencyStore(redis, config.IDEMPOTENCY_TTL_SECONDS), inject: [OPS_REDIS] },
        { provide: OPS_KAFKA, useFactory: () => new Kafka({ clientId: 'tellonce-gateway', brokers: config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, retry: { retries: 1 } }) },
        { provide: DEAD_LETTER_STORE, useFactory: (kafka: Kafka, redis: Redis) => new DeadLetterStore(kafka, redis), inject: [OPS_KAFKA, OPS_REDIS] },
        OpsStatusService,
        GatewayProxyMiddleware,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(GatewayProxyMiddleware).forRoutes('v1/*path');
  }

  async onModuleDestroy(): Promise<void> {
    await this.deadLetters.close();
    this.redis.disconnect();
  }
}
