import { Client } from 'pg';

/**
 * Which statement texts run as named (server-side prepared) statements. A text gets a name once this
 * process has sent it `threshold` times with parameters; from then on each connection parses and
 * plans it once, on first use, instead of on every call. The idea and the default are pgjdbc's
 * `prepareThreshold`. Names are per process and never reused for another text; at most `maxNames`
 * texts are named, so statements built with varying text (an IN list of each length) cannot fill
 * the server's memory. See ADR 10.
 */
export class StatementNames {
  private readonly seen = new Map<string, number>();
  private readonly names = new Map<string, string>();

  constructor(
    readonly threshold: number,
    readonly maxNames = 500,
    private readonly maxTracked = 5000,
  ) {}

  nameFor(text: string): string | undefined {
    const named = this.names.get(text);
    if (named !== undefined || this.threshold <= 0 || this.names.size >= this.maxNames) return named;
    const count = (this.seen.get(text) ?? 0) + 1;
    if (count < this.threshold) {
      if (this.seen.size >= this.maxTracked) this.seen.clear(); // counts are a hint; names stay
      this.seen.set(text, count);
      return undefined;
    }
    this.seen.delete(text);
    const name = `tellonce_${this.names.size + 1}`;
    this.names.set(text, name);
    return name;
  }

  get size(): number {
    return this.names.size;
  }
}

type Query = (this: Client, ...args: unknown[]) => unknown;

/**
 * A pg Client that sends `query(text, values)` as a named statement when `names` says so. TypeORM
 * and our repositories call exactly that form; every other form passes through untouched.
 */
export function preparingClient(names: StatementNames): typeof Client {
  class PreparingClient extends Client {}
  (PreparingClient.prototype as unknown as { query: Query }).query = function (this: Client, ...args: unknown[]) {
    // Looked up per call, not captured: a preload that wraps Client.prototype.query still sees it.
    const query = Client.prototype.query as unknown as Query;
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = names.nameFor(text);
      if (name !== undefined) return query.call(this, { name, text, values }, callback);
    }
    return query.apply(this, args);
  };
  return PreparingClient;
}
