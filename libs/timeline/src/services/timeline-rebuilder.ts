import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CloudEvent, EventDefinition, fromKafkaMessage, TOPICS } from '@tellonce/contracts';
import { assertMatchesSchema, KAFKA } from '@tellonce/messaging';
import { LOGGER } from '@tellonce/platform';
import type { EachBatchPayload, IHeaders, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { TIMELINE_TOPICS, TimelineProjector, timelineEventDefinitions } from './timeline-projector';

export interface RebuildOptions {
  /** Give up (and throw) if the topics are not read to their end by then. Default 10 minutes. */
  timeoutMs?: number;
}

export interface RebuildReport {
  groupIds: string[];
  eventsApplied: number;
  eventsSkipped: number;
  durationMs: number;
}

interface ReplayProgress {
  applied: number;
  skipped: number;
}

function headerStrings(headers: IHeaders | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name] = Array.isArray(value) ? value[0]?.toString() : value?.toString();
  return out;
}

/**
 * Rebuilds the projection from the topics (they keep every event): empties the tables, then reads
 * the directory topic to its end (names first, so summaries read as they do live), then every
 * other domain topic, each with a fresh uniquely named consumer group that is deleted afterwards.
 * The live consumer group is not touched; entries are keyed by event id, so overlap is harmless.
 */
@Injectable()
export class TimelineRebuilder {
  private readonly definitions = new Map<string, EventDefinition<unknown>>();

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projector: TimelineProjector,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async rebuild(options: RebuildOptions = {}): Promise<RebuildReport> {
    const started = Date.now();
    const deadline = started + (options.timeoutMs ?? 600_000);
    for (const definition of timelineEventDefinitions()) this.definitions.set(definition.type, definition);
    const run = `tellonce.timeline.rebuild.${new Date().toISOString().replace(/[^0-9]/g, '')}.${randomUUID().slice(0, 8)}`;
    await this.dataSource.transaction((manager) => this.projector.reset(manager));
    const progress: ReplayProgress = { applied: 0, skipped: 0 };
    const groupIds = [`${run}.directory`, `${run}.domain`];
    await this.replay([TOPICS.directory], groupIds[0], deadline, progress);
    await this.replay(
      TIMELINE_TOPICS.filter((topic) => topic !== TOPICS.directory),
      groupIds[1],
      deadline,
      progress,
    );
    const report = { groupIds, eventsApplied: progress.applied, eventsSkipped: progress.skipped, durationMs: Date.now() - started };
    this.logger.info(report, 'timeline rebuilt');
    return report;
  }

  /** Reads the topics from the beginning up to the end they had when the replay started. */
  private async replay(topics: string[], groupId: string, deadline: number, progress: ReplayProgress): Promise<void> {
    const lastOffsets = await this.endOffsets(topics);
    if (lastOffsets.size === 0) return;
    const remaining = new Set(lastOffsets.keys());
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000 });
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: 3,
        eachBatch: async (payload: EachBatchPayload) => {
          await this.applyBatch(payload, progress);
          const key = `${payload.batch.topic}:${payload.batch.partition}`;
          const target = lastOffsets.get(key);
          if (target !== undefined && BigInt(payload.batch.lastOffset()) >= target) {
            remaining.delete(key);
            if (remaining.size === 0) finished();
          }
        },
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`rebuild did not reach the end of ${[...remaining].join(', ')} in time`)), Math.max(0, deadline - Date.now()));
      });
      try {
        await Promise.race([done, timeout]);
      } finally {
        clearTimeout(timer);
      }
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await this.deleteGroup(groupId);
    }
  }

  private async applyBatch({ batch, heartbeat }: EachBatchPayload, progress: ReplayProgress): Promise<void> {
    const events: CloudEvent[] = [];
    for (const message of batch.messages) {
      const event = this.readEvent(message.headers, message.value);
      if (event) events.push(event);
      else progress.skipped++;
    }
    await this.dataSource.transaction(async (manager) => {
      for (const event of events) await this.projector.apply(event, manager);
    });
    progress.applied += events.length;
    await heartbeat();
  }

  /** The live consumer dead-letters what it cannot read; a rebuild just skips the same messages. */
  private readEvent(headers: IHeaders | undefined, value: Buffer | null): CloudEvent | null {
    try {
      const event = fromKafkaMessage(headerStrings(headers), value);
      const definition = this.definitions.get(event.type);
      if (!definition) return null;
      assertMatchesSchema(definition, event.data);
      return event;
    } catch {
      return null;
    }
  }

  private async endOffsets(topics: string[]): Promise<Map<string, bigint>> {
    const admin = this.kafka.admin();
    const out = new Map<string, bigint>();
    await admin.connect();
    try {
      for (const topic of topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          if (BigInt(p.high) > BigInt(p.low)) out.set(`${topic}:${p.partition}`, BigInt(p.high) - 1n);
        }
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    return out;
  }

  private async deleteGroup(groupId: string): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([groupId]);
    } catch (error) {
      this.logger.warn({ group: groupId, err: (error as Error).message }, 'could not delete rebuild consumer group');
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
