import type { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';

type EntityClass = MixedList<string | EntitySchema | (new (...args: never[]) => unknown)>;

/** TypeORM options shared by every service: migrations run at start, never `synchronize`. */
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
    extra: { max: Number(process.env.DB_POOL_SIZE || 10) },
  };
}
