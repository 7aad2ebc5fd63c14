import type { Admin } from 'kafkajs';

/** How far one consumer group is behind on one topic, summed over its partitions. */
export interface TopicLag {
  group: string;
  topic: string;
  /** Messages the group has yet to commit past: Σ (log end − max(committed, log start)). */
  lag: number;
  /** Σ log end offsets of the topic's partitions: how many messages the topic has had so far. */
  end: number;
}

interface PartitionOffsets {
  partition: number;
  high: string;
  low: string;
}

/**
 * Lag of each group on each topic it has committed offsets for (or on `topics`, if given: a group
 * that has not committed yet then counts every message still in the log). Ops status and the load
 * bench both read lag through this, so "lag" means the same in both. Log end offsets are fetched
 * once per topic however many groups read it.
 */
export async function consumerGroupLag(admin: Pick<Admin, 'fetchOffsets' | 'fetchTopicOffsets'>, groups: string[], topics?: string[]): Promise<TopicLag[]> {
  const ends = new Map<string, Promise<PartitionOffsets[]>>();
  const offsetsOf = (topic: string) => {
    if (!ends.has(topic)) ends.set(topic, admin.fetchTopicOffsets(topic));
    return ends.get(topic)!;
  };
  const result: TopicLag[] = [];
  for (const group of groups) {
    const committed = await admin.fetchOffsets(topics ? { groupId: group, topics } : { groupId: group });
    for (const { topic, partitions } of committed) {
      const log = await offsetsOf(topic);
      let lag = 0n;
      let end = 0n;
      for (const p of log) {
        const high = BigInt(p.high);
        const low = BigInt(p.low);
        const at = BigInt(partitions.find((c) => c.partition === p.partition)?.offset ?? '-1');
        // -1: nothing committed yet; below the log start: what it missed was deleted, not pending.
        const from = at < low ? low : at;
        end += high;
        if (high > from) lag += high - from;
      }
      result.push({ group, topic, lag: Number(lag), end: Number(end) });
    }
  }
  return result;
}
