import type { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { preparingClient, StatementNames } from './prepared-statements';

type EntityClass = MixedList<string | EntitySchema | (new (...args: never[]) => unknown)>;

/** One per process: every pool of the process names the same texts the same way. */
export const statementNames = new StatementNames(Number(process.env.PG_PREPARE_THRESHOLD ?? 3));

/**
 * TypeORM options shared by every service: migrations run at start, never `synchronize`; statements
 * sent often are prepared once per connection (ADR 10).
 */
export function databaseOptions(url: string, entities: EntityClass, migrations: (new () => unknown)[]): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: migrations as DataSourceOptions['migrations'],
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: Number(process.env.DB_POOL_SIZE || 10),
      // pg closes a connection idle for 10 s by default: after any lull the next burst then pays for
      // new backends, their cold caches and re-prepared statements all at once. Keep them 5 minutes.
      idleTimeoutMillis: Number(process.env.DB_IDLE_TIMEOUT_MS || 300_000),
      Client: preparingClient(statementNames),
    },
  };
}
