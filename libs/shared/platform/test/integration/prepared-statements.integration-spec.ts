import { DataSource } from 'typeorm';
import { databaseOptions, databaseUrlFor, statementNames } from '../../src';

// Only reads: the server's own database will do, with nothing to create or drop.
const url = databaseUrlFor('x', { ...process.env, DB_PREFIX: 'postgres' }).replace(/\/postgres_x$/, '/postgres');

describe('statements sent often run prepared, once per connection', () => {
  const dataSource = new DataSource({ ...databaseOptions(url, [], []), migrationsRun: false });
  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  const preparedOn = async (runner: ReturnType<DataSource['createQueryRunner']>, text: string) =>
    (await runner.query('SELECT name FROM pg_prepared_statements WHERE statement = $1', [text])) as { name: string }[];

  it('prepares a text on the connection from its third use, and answers with each call\'s own values', async () => {
    const text = `SELECT $1::int * 2 AS doubled /* ${Date.now()} */`;
    const runner = dataSource.createQueryRunner();
    try {
      const answers: number[] = [];
      for (let i = 1; i <= 2; i++) answers.push((await runner.query(text, [i]))[0].doubled);
      expect(await preparedOn(runner, text)).toEqual([]);
      for (let i = 3; i <= 6; i++) answers.push((await runner.query(text, [i]))[0].doubled);
      expect(answers).toEqual([2, 4, 6, 8, 10, 12]);
      expect(await preparedOn(runner, text)).toEqual([{ name: statementNames.nameFor(text) }]);
    } finally {
      await runner.release();
    }
  });

  it('keeps working after a prepared statement fails, inside and outside a transaction', async () => {
    const text = `SELECT 10 / $1::int AS q /* ${Date.now()} */`;
    const runner = dataSource.createQueryRunner();
    try {
      for (let i = 0; i < 3; i++) await runner.query(text, [5]);
      await expect(runner.query(text, [0])).rejects.toThrow(/division by zero/);
      expect((await runner.query(text, [2]))[0].q).toBe(5);

      await runner.startTransaction();
      await expect(runner.query(text, [0])).rejects.toThrow(/division by zero/);
      await runner.rollbackTransaction();
      expect((await runner.query(text, [10]))[0].q).toBe(1);
      expect(await preparedOn(runner, text)).toHaveLength(1);
    } finally {
      await runner.release();
    }
  });

  it('leaves statements without parameters alone', async () => {
    const text = `SELECT 1 AS one /* ${Date.now()} */`;
    const runner = dataSource.createQueryRunner();
    try {
      for (let i = 0; i < 5; i++) await runner.query(text);
      expect(await preparedOn(runner, text)).toEqual([]);
    } finally {
      await runner.release();
    }
  });
});
