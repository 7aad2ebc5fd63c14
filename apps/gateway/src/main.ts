import 'reflect-metadata';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { consoleMiddleware, GatewayConfig, GatewayModule, securityHeaders, SignInConfigSource } from '@tellonce/gateway';
import { createLogger, PinoNestLogger, startTracing, validateConfig } from '@tellonce/platform';
import { json } from 'express';

async function main(): Promise<void> {
  const config = validateConfig(GatewayConfig);
  startTracing('gateway');
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(await GatewayModule.forRoot(config), { bodyParser: false, logger: new PinoNestLogger(logger) });
  const signIn = app.get(SignInConfigSource);
  app.use(securityHeaders(() => signIn.connectSources()));
  // Only the gateway's own endpoints parse JSON here; proxied bodies stream through untouched.
  app.use('/v1/auth', json({ limit: '16kb' }));
  if (config.SERVE_CONSOLE === 'true') app.use(consoleMiddleware(process.env.CONSOLE_DIR || path.resolve(__dirname, '../../../console')));
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  await app.listen(config.GATEWAY_PORT, process.env.HOST || '127.0.0.1');
  logger.info({ port: config.GATEWAY_PORT, authMode: config.AUTH_MODE }, 'gateway listening');
  // Read the provider's discovery document now, so the first sign-in does not wait for it (a failure is logged and retried).
  signIn.get().catch(() => undefined);
}

main().catch((error) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
