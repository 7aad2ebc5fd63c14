export interface CoalescingBatcherOptions<T> {
  /** Most items in one batch (default 100). */
  maxBatch?: number;
  /** Items with the same key never share a batch (a later one waits for the next). */
  key?: (item: T) => string;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Turns many small calls into few batches without waiting on a timer: items submitted in the
 * same turn of the event loop form one batch, and items submitted while a batch is running form
 * the next. When calls are rare each runs alone and at once; under load batches grow by
 * themselves (group commit). One batch runs at a time.
 *
 * `run` answers one result per item, in order. A batch of several items that fails is run again
 * item by item, so one bad item fails only its own caller; `run` must therefore be safe to repeat
 * for items whose batch failed (a single statement, which wrote nothing when it failed, is).
 */
export class CoalescingBatcher<T, R> {
  private readonly queue: Pending<T, R>[] = [];
  private running = false;
  private scheduled = false;
  private readonly maxBatch: number;

  constructor(
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly options: CoalescingBatcherOptions<T> = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 100);
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    // After this turn's other callbacks, so calls made together (one commit's jobs) share a batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const batch = this.take();
      await this.settle(batch);
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  /** Up to maxBatch items, oldest first, at most one per key; the rest stay queued in order. */
  private take(): Pending<T, R>[] {
    const key = this.options.key;
    if (!key) return this.queue.splice(0, this.maxBatch);
    const batch: Pending<T, R>[] = [];
    const keys = new Set<string>();
    const rest: Pending<T, R>[] = [];
    for (const pending of this.queue) {
      const k = key(pending.item);
      if (batch.length < this.maxBatch && !keys.has(k)) {
        keys.add(k);
        batch.push(pending);
      } else {
        rest.push(pending);
      }
    }
    this.queue.splice(0, this.queue.length, ...rest);
    return batch;
  }

  private async settle(batch: Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`batch of ${batch.length} answered ${results.length} results`);
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const pending of batch) await this.settle([pending]);
    }
  }
}
