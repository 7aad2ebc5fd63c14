/** A partition's next offset to read: one past the last message whose transaction committed. */
export interface HandledOffset {
  topic: string;
  partition: number;
  offset: string;
}

export type CommitOffsets = (offsets: HandledOffset[]) => Promise<void>;

export interface OffsetCommitterOptions {
  /** Least time between two commits; 0 commits after every batch. */
  intervalMs: number;
  onError: (error: Error, partitions: number) => void;
}

const keyOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * Commits handled offsets at most once per interval, every partition in one request, instead of
 * one OffsetCommit per batch. Safe because commits only ever lag the handled events: a crash or a
 * rebalance redelivers at most an interval's worth of events, and the inbox skips them. An offset
 * handled after the last commit is always committed within an interval (a timer), on stop, and
 * never for a partition this member no longer holds (another member may be ahead of it there).
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, HandledOffset>();
  private assigned: Set<string> | null = null;
  private lastCommitAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private committing: Promise<void> = Promise.resolve();

  constructor(
    private readonly commit: CommitOffsets,
    private readonly options: OffsetCommitterOptions,
  ) {}

  /**
   * After a batch's transactions committed: commit now if the interval has passed, else soon.
   * Ignored once stopped: the consumer can no longer commit through here (a batch ending then
   * commits itself, see KafkaEventConsumer.stop).
   */
  async handled(offset: HandledOffset): Promise<void> {
    if (this.stopped) return;
    this.pending.set(keyOf(offset.topic, offset.partition), offset);
    if (Date.now() - this.lastCommitAt >= this.options.intervalMs) return this.flush();
    this.later(this.lastCommitAt + this.options.intervalMs - Date.now());
  }

  /**
   * The group's new assignment (from GROUP_JOIN). Offsets held for partitions that moved away are
   * dropped; for partitions kept, Kafka restarts this member at the committed offset anyway.
   */
  assignmentChanged(assignment: Record<string, number[]>): void {
    this.assigned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => keyOf(topic, p))));
    for (const key of this.pending.keys()) if (!this.assigned.has(key)) this.pending.delete(key);
  }

  /** Commits everything pending in one request; one flush at a time, so commits never reorder. */
  flush(): Promise<void> {
    this.committing = this.committing.then(() => this.commitPending());
    return this.committing;
  }

  /** No more timed commits (not even retries of a failed one); call flush() first to keep what is pending. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async commitPending(): Promise<void> {
    this.clearTimer();
    const offsets = [...this.pending.values()].filter((o) => !this.assigned || this.assigned.has(keyOf(o.topic, o.partition)));
    this.pending.clear();
    this.lastCommitAt = Date.now();
    if (offsets.length === 0) return;
    try {
      await this.commit(offsets);
    } catch (error) {
      // Kept for the next try unless a newer offset for the partition arrived meanwhile.
      for (const o of offsets) {
        const key = keyOf(o.topic, o.partition);
        if (!this.pending.has(key)) this.pending.set(key, o);
      }
      this.options.onError(error as Error, offsets.length);
      this.later(Math.max(this.options.intervalMs, 100));
    }
  }

  /** One timer at a time; none once stopped (a stopped consumer cannot commit). */
  private later(ms: number): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => void this.flush(), ms).unref();
  }
}
