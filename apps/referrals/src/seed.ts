import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createLogger, PinoNestLogger, validateConfig } from '@tellonce/platform';
import { DirectoryUseCases, seedDemoDirectory } from '@tellonce/referrals';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { ReferralsConfig } from './config';

/**
 * `node dist/apps/referrals/src/seed.js`: upserts the demo directory, then waits (up to 30 s) for
 * the outbox relay to publish the directory events before exiting. Consumers stay off.
 */
async function main(): Promise<void> {
  process.env.CONSUMERS_ENABLED = 'false';
  const config = validateConfig(ReferralsConfig);
  const logger = createLogger('referrals-seed', config.LOG_LEVEL);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, SEED_DEMO_DIRECTORY: false }), { logger: new PinoNestLogger(logger) });
  try {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const changed = await seedDemoDirectory(app.get(DirectoryUseCases), dataSource);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ waiting }] = await dataSource.query('SELECT count(*)::int AS waiting FROM outbox WHERE published_at IS NULL');
      if (waiting === 0 || Date.now() > deadline) {
        logger.info({ ...changed, unpublished: waiting }, 'demo directory seeded');
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await app.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`seed failed: ${error.message}\n`);
  process.exit(1);
});
