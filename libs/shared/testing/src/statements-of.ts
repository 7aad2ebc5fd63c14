import type { EntityManager } from 'typeorm';

/**
 * Records every statement the transaction behind `manager` sends from now on, including those
 * written just before its commit (TypeORM's commit hooks use the same query runner). For tests
 * that pin round trips: a count does not depend on how busy the machine is, a duration would.
 */
export function statementsOf(manager: EntityManager): string[] {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('statementsOf needs the manager of a transaction');
  const statements: string[] = [];
  const query = runner.query.bind(runner) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
  (runner as { query: unknown }).query = (sql: string, ...rest: unknown[]) => {
    statements.push(sql);
    return query(sql, ...rest);
  };
  return statements;
}
