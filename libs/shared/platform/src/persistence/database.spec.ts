import { databaseOptions } from './database';

const extraOf = () => databaseOptions('postgres://x@127.0.0.1/db', [], []).extra as { max: number; idleTimeoutMillis: number };

describe('databaseOptions', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('keeps idle connections five minutes (pg closes them after 10 s), and DB_IDLE_TIMEOUT_MS overrides', () => {
    delete process.env.DB_IDLE_TIMEOUT_MS;
    delete process.env.DB_POOL_SIZE;
    expect(extraOf()).toMatchObject({ max: 10, idleTimeoutMillis: 300_000 });
    process.env.DB_IDLE_TIMEOUT_MS = '10000';
    process.env.DB_POOL_SIZE = '4';
    expect(extraOf()).toMatchObject({ max: 4, idleTimeoutMillis: 10_000 });
  });
});
