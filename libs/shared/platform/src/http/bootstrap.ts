import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import type { Logger } from 'pino';
import { createLogger, PinoNestLogger } from '../logging/logger';
import { startTracing } from '../tracing/tracing';
import { rejectNulCharacters } from './nul-characters';

export interface BootstrapOptions {
  serviceName: string;
  port: number;
  bodyLimit?: string;
  logger?: Logger;
}

/** Creates the HTTP app the same way for every service (also used by integration tests, with port 0). */
export async function createServiceApp(module: Type<unknown> | DynamicModule, options: BootstrapOptions): Promise<INestApplication> {
  const logger = options.logger ?? createLogger(options.serviceName);
  const app = await NestFactory.create<NestExpressApplication>(module, { bodyParser: false, logger: new PinoNestLogger(logger), bufferLogs: true });
  app.use(json({ limit: options.bodyLimit ?? '1mb' }));
  app.use(rejectNulCharacters);
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  return app;
}

export async function bootstrapService(module: Type<unknown> | DynamicModule, options: BootstrapOptions): Promise<INestApplication> {
  startTracing(options.serviceName);
  const logger = options.logger ?? createLogger(options.serviceName);
  const app = await createServiceApp(module, { ...options, logger });
  await app.listen(options.port, process.env.HOST || '127.0.0.1');
  logger.info({ port: options.port }, `${options.serviceName} listening`);
  return app;
}
