import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrlFor } from '@tellonce/platform';

/** Test infrastructure addresses; scripts/test.sh exports them (a separate broker, DB prefix and Redis db). */
export const testEnv = {
  kafkaBrokers: process.env.KAFKA_BROKERS || '127.0.0.1:19092',
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379/1',
  dbPrefix: process.env.DB_PREFIX || 'tellonce_test',
};

/** Creates a fresh, empty database for one integration test file and returns its URL. */
export async function createScratchDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${testEnv.dbPrefix}_${label}_${randomUUID().slice(0, 8)}`.replace(/[^a-z0-9_]/g, '_');
  const admin = new Client({ connectionString: databaseUrlFor('x', { ...process.env, DB_PREFIX: 'postgres' }).replace(/\/postgres_x$/, '/postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = databaseUrlFor('x', { ...process.env, DB_PREFIX: name }).replace(new RegExp(`/${name}_x$`), `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new Client({ connectionString: url.replace(`/${name}`, '/postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
