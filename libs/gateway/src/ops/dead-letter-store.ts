import { randomUUID } from 'node:crypto';
import { TOPICS } from '@tellonce/contracts';
import type { Redis } from 'ioredis';
import type { IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DeadLetterPosition, encodeDeadLetterCursor, newestFirst, parseDeadLetterId } from './dead-letter-cursor';

/** One dead-lettered event, as ops see it: ids, types and the error; never the family's data. */
export interface DeadLetterSummary {
  /** `<partition>-<offset>` of the message on the dead-letter topic. */
  id: string;
  type: string;
  eventId: string | null;
  consumerGroup: string | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  error: string | null;
  at: string | null;
  replayed: boolean;
}

export interface DeadLetterDetail extends DeadLetterSummary {
  key: string | null;
  headers: Record<string, string>;
  /** The CloudEvent `data`: ids and codes only (events carry no names, stories or contact details). */
  data: unknown;
}

export interface DeadLetterPage {
  items: DeadLetterSummary[];
  nextCursor: string | null;
}

export type ReplayOutcome =
  | { outcome: 'replayed'; id: string; topic: string; partition: number; offset: string | null }
  | { outcome: 'not-found' }
  | { outcome: 'already-replayed' }
  | { outcome: 'not-replayable'; reason: string };

interface RawDeadLetter {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Replay markers: one Redis set member per original message (`topic/partition/offset`). */
export const REPLAYED_SET = 'tellonce:ops:dlq-replayed';

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

function originalOf(raw: RawDeadLetter): string | null {
  const h = raw.headers;
  if (!h['dlq_original_topic'] || h['dlq_original_partition'] === undefined || h['dlq_original_offset'] === undefined) return null;
  return `${h['dlq_original_topic']}/${h['dlq_original_partition']}/${h['dlq_original_offset']}`;
}

/**
 * Reads, inspects and replays the dead-letter topic (tellonce.dlq.v1). Used by the gateway's ops
 * endpoints and by `npm run dlq`. A replay republishes the original message (same key, value and
 * CloudEvent headers, so the same ce_id) to its original topic and partition: groups that handled it
 * skip it through their inbox, the group that failed handles it once. Each original message is
 * replayed at most once (a Redis set member claimed before publishing).
 */
export class DeadLetterStore {
  private producer: Producer | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly redis: Redis,
    private readonly topic: string = TOPICS.deadLetters,
  ) {}

  static parseId(id: string): { partition: number; offset: string } | null {
    return parseDeadLetterId(id);
  }

  /** For the CLI: the newest `limit` dead letters. */
  async list(limit = 500): Promise<DeadLetterSummary[]> {
    return (await this.page(limit, null)).items;
  }

  /** A page of the list, newest first, after the position a cursor named (the whole topic is read either way). */
  async page(limit: number, after: DeadLetterPosition | null): Promise<DeadLetterPage> {
    const raw = await this.readAll();
    const replayed = await this.replayedSet();
    const positioned = raw.map((r) => ({ position: { at: r.headers['dlq_at'] ?? null, partition: r.partition, offset: r.offset }, raw: r })).sort((a, b) => newestFirst(a.position, b.position));
    const rest = after ? positioned.filter((p) => newestFirst(p.position, after) > 0) : positioned;
    const page = rest.slice(0, limit);
    return {
      items: page.map((p) => this.summary(p.raw, replayed)),
      nextCursor: rest.length > limit ? encodeDeadLetterCursor(page[page.length - 1].position) : null,
    };
  }

  async show(id: string): Promise<DeadLetterDetail | null> {
    const raw = await this.find(id);
    if (!raw) return null;
    const summary = this.summary(raw, await this.replayedSet());
    let data: unknown = null;
    try {
      const parsed: unknown = raw.value ? JSON.parse(raw.value.toString('utf8')) : null;
      data = parsed && typeof parsed === 'object' && 'data' in parsed ? (parsed as { data: unknown }).data : parsed;
    } catch {
      data = null;
    }
    return { ...summary, key: raw.key?.toString('utf8') ?? null, headers: raw.headers, data };
  }

  async replay(id: string): Promise<ReplayOutcome> {
    const raw = await this.find(id);
    if (!raw) return { outcome: 'not-found' };
    const original = originalOf(raw);
    if (!original) return { outcome: 'not-replayable', reason: 'the message has no original topic, partition or offset' };
    const claimed = await this.redis.sadd(REPLAYED_SET, original);
    if (claimed === 0) return { outcome: 'already-replayed' };
    const topic = raw.headers['dlq_original_topic'];
    const partition = Number(raw.headers['dlq_original_partition']);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw.headers)) if (!name.startsWith('dlq_')) headers[name] = value;
    try {
      const producer = await this.connectedProducer();
      const [meta] = await producer.send({ topic, acks: -1, messages: [{ key: raw.key, value: raw.value, partition, headers: { ...headers, tellonce_replay_of: id } }] });
      return { outcome: 'replayed', id, topic, partition, offset: meta?.baseOffset ?? null };
    } catch (error) {
      await this.redis.srem(REPLAYED_SET, original);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
  }

  private summary(raw: RawDeadLetter, replayed: Set<string>): DeadLetterSummary {
    const h = raw.headers;
    const original = originalOf(raw);
    return {
      id: `${raw.partition}-${raw.offset}`,
      type: h['ce_type'] ?? 'unknown',
      eventId: h['ce_id'] ?? null,
      consumerGroup: h['dlq_consumer_group'] ?? null,
      originalTopic: h['dlq_original_topic'] ?? null,
      originalPartition: h['dlq_original_partition'] !== undefined ? Number(h['dlq_original_partition']) : null,
      originalOffset: h['dlq_original_offset'] ?? null,
      error: h['dlq_error'] ?? null,
      at: h['dlq_at'] ?? null,
      replayed: original !== null && replayed.has(original),
    };
  }

  private async replayedSet(): Promise<Set<string>> {
    return new Set(await this.redis.smembers(REPLAYED_SET));
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  private async find(id: string): Promise<RawDeadLetter | null> {
    const at = DeadLetterStore.parseId(id);
    if (!at) return null;
    const all = await this.readAll([at.partition]);
    return all.find((r) => r.partition === at.partition && r.offset === at.offset) ?? null;
  }

  /**
   * Reads the topic from its low to its high watermark with a throwaway consumer group that commits
   * nothing and is deleted afterwards (kafkajs has no assign-and-fetch API).
   */
  private async readAll(onlyPartitions?: number[]): Promise<RawDeadLetter[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const groupId = `tellonce.ops.dlq-reader.${randomUUID()}`;
    try {
      const offsets = (await admin.fetchTopicOffsets(this.topic)).filter((o) => !onlyPartitions || onlyPartitions.includes(o.partition));
      const remaining = new Map(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high) - 1n]));
      if (remaining.size === 0) return [];
      const messages: RawDeadLetter[] = [];
      const consumer = this.kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000, allowAutoTopicCreation: false });
      await consumer.connect();
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('reading the dead-letter topic timed out')), 30_000);
          consumer
            .subscribe({ topic: this.topic, fromBeginning: true })
            .then(() =>
              consumer.run({
                autoCommit: false,
                eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
                  const last = remaining.get(partition);
                  if (last === undefined) return;
                  if (BigInt(message.offset) <= last) messages.push({ partition, offset: message.offset, key: message.key, value: message.value, headers: headerStrings(message.headers) });
                  if (BigInt(message.offset) >= last) remaining.delete(partition);
                  if (remaining.size === 0) {
                    clearTimeout(timer);
                    resolve();
                  }
                },
              }),
            )
            .catch((error: unknown) => {
              clearTimeout(timer);
              reject(error instanceof Error ? error : new Error(String(error)));
            });
        });
      } finally {
        await consumer.disconnect().catch(() => undefined);
      }
      return messages;
    } finally {
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }
}
