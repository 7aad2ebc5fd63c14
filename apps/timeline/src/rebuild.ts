import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, validateConfig } from '@tellonce/platform';
import { TimelineRebuilder } from '@tellonce/timeline';
import { AppModule } from './app.module';
import { TimelineConfig } from './config';

/**
 * `npm run timeline:rebuild`: empties the timeline projection and reads every domain topic again
 * from the beginning. Best run while the timeline service is stopped (running is safe, entries are
 * keyed by event id, but readers see a partial timeline meanwhile).
 */
async function main(): Promise<void> {
  // This process only replays: no live consumer, no outbox relay, no HTTP.
  process.env.CONSUMERS_ENABLED = 'false';
  process.env.OUTBOX_RELAY_ENABLED = 'false';
  const config = validateConfig(TimelineConfig);
  const logger = createLogger('timeline-rebuild', config.LOG_LEVEL);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  try {
    const report = await app.get(TimelineRebuilder).rebuild();
    logger.info(report, 'rebuild finished');
  } finally {
    await app.close();
  }
}

main().catch((error: Error) => {
  createLogger('timeline-rebuild').error({ err: error.message }, 'rebuild failed');
  process.exit(1);
});
