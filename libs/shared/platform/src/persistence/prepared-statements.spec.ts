import { StatementNames } from './prepared-statements';

describe('StatementNames', () => {
  it('names a text once it has been sent threshold times, and keeps the name', () => {
    const names = new StatementNames(3);
    expect(names.nameFor('SELECT $1')).toBeUndefined();
    expect(names.nameFor('SELECT $1')).toBeUndefined();
    const name = names.nameFor('SELECT $1');
    expect(name).toMatch(/^tellonce_\d+$/);
    expect(names.nameFor('SELECT $1')).toBe(name);
  });

  it('gives every text its own name', () => {
    const names = new StatementNames(1);
    const a = names.nameFor('SELECT $1');
    const b = names.nameFor('SELECT $1 + 1');
    expect(a).not.toBe(b);
    expect(names.nameFor('SELECT $1')).toBe(a);
    expect(names.size).toBe(2);
  });

  it('names at most maxNames texts; the rest stay unnamed', () => {
    const names = new StatementNames(1, 2);
    expect(names.nameFor('a $1')).toBeDefined();
    expect(names.nameFor('b $1')).toBeDefined();
    expect(names.nameFor('c $1')).toBeUndefined();
    expect(names.nameFor('c $1')).toBeUndefined();
    expect(names.nameFor('a $1')).toBeDefined();
  });

  it('names nothing with threshold 0 (PG_PREPARE_THRESHOLD=0 turns it off)', () => {
    const names = new StatementNames(0);
    for (let i = 0; i < 10; i++) expect(names.nameFor('SELECT $1')).toBeUndefined();
  });

  it('forgets counts, never names, when it tracks too many texts', () => {
    const names = new StatementNames(2, 500, 3);
    names.nameFor('hot $1');
    const hot = names.nameFor('hot $1');
    for (let i = 0; i < 10; i++) names.nameFor(`cold ${i} $1`);
    expect(names.nameFor('hot $1')).toBe(hot);
    expect(names.size).toBe(1);
  });
});
