import { DynamicModule, Global, Injectable, MiddlewareConsumer, Module, NestMiddleware, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AuthorizationGuard } from './auth/authorization.guard';
import { TokenVerifier } from './auth/token-verifier';
import type { BaseConfig } from './config/service-config';
import { HealthController, HealthRegistry } from './health/health';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation';
import { createLogger } from './logging/logger';
import { Metrics } from './metrics/metrics';
import { RequestContextMiddleware } from './http/request-context';

export const LOGGER = Symbol('LOGGER');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

@Injectable()
class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}
  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    res.on('finish', () => end({ method: req.method, route: req.route?.path ?? 'unmatched', status: String(res.statusCode) }));
    next();
  }
}

export interface PlatformOptions {
  serviceName: string;
  config: BaseConfig;
  logger?: Logger;
}

/** Cross-cutting HTTP concerns every service gets the same way: auth, errors, validation, health, metrics, logs. */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const logger = options.logger ?? createLogger(options.serviceName, options.config.LOG_LEVEL);
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: SERVICE_NAME, useValue: options.serviceName },
        { provide: SERVICE_CONFIG, useValue: options.config },
        Metrics,
        HealthRegistry,
        HttpMetricsMiddleware,
        RequestContextMiddleware,
        {
          provide: TokenVerifier,
          useFactory: () => new TokenVerifier({ jwksUrl: options.config.AUTH_JWKS_URL, issuer: options.config.AUTH_ISSUER, audience: options.config.AUTH_AUDIENCE }),
        },
        { provide: APP_GUARD, useClass: AuthorizationGuard },
        { provide: APP_FILTER, useFactory: () => new ProblemDetailsFilter(logger) },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [LOGGER, SERVICE_NAME, SERVICE_CONFIG, Metrics, HealthRegistry, TokenVerifier],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware, HttpMetricsMiddleware).forRoutes('*path');
  }
}
