import { randomUUID } from 'node:crypto';
import { INestApplication, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CloudEvent, defineEvent, TOPICS } from '@tellonce/contracts';
import { databaseOptions, PlatformModule, ServiceConfig } from '@tellonce/platform';
import { createScratchDatabase, testEnv } from '@tellonce/testing';
import type { EntityManager } from 'typeorm';
import { EventHandler, KafkaEventConsumer, MESSAGING_ENTITIES, MessagingModule, MessagingTables1763800000000 } from '../../src';

/** `delayMs`: the handler takes that long, so a test can act while its batch is in flight. */
export type ProbeData = { familyId: string; n: number; fail?: boolean; delayMs?: number };

/** A test-only event type on the audit topic: other consumers ignore types they do not handle. */
export const ProbeV1 = defineEvent<ProbeData>({
  type: 'tellonce.test.backbone-probe.v1',
  topic: TOPICS.audit,
  description: 'integration test probe',
  schema: {
    type: 'object',
    required: ['familyId', 'n'],
    additionalProperties: false,
    properties: { familyId: { type: 'string' }, n: { type: 'integer' }, fail: { type: 'boolean' }, delayMs: { type: 'integer' } },
  },
});

export const handled: { id: string; n: number; familyId: string }[] = [];
/** Every call of the handler, kept even when its transaction later fails: a broken inbox shows here. */
export const invoked: { id: string; n: number; familyId: string }[] = [];

@Injectable()
class RecordProbeWhenReceived implements EventHandler<ProbeData>, OnModuleInit {
  readonly definition = ProbeV1;
  constructor(private readonly consumer: KafkaEventConsumer) {}
  onModuleInit(): void {
    this.consumer.register(this);
  }
  async handle(event: CloudEvent<ProbeData>, manager: EntityManager): Promise<void> {
    invoked.push({ id: event.id, n: event.data.n, familyId: event.data.familyId });
    if (event.data.delayMs) await new Promise((r) => setTimeout(r, event.data.delayMs));
    if (event.data.fail) throw new Error('probe asked to fail');
    await manager.query('INSERT INTO probe_seen (event_id, n) VALUES ($1, $2)', [event.id, event.data.n]);
    handled.push({ id: event.id, n: event.data.n, familyId: event.data.familyId });
  }
}

@Module({ providers: [RecordProbeWhenReceived] })
class ProbeModule {}

export async function bootBackbone(databaseUrl: string, brokers: string, serviceName: string) {
  const config = Object.assign(new ServiceConfig(), { DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers, LOG_LEVEL: 'silent' });
  const moduleRef = await Test.createTestingModule({
    imports: [
      PlatformModule.forRoot({ serviceName, config }),
      TypeOrmModule.forRoot(databaseOptions(databaseUrl, MESSAGING_ENTITIES, [MessagingTables1763800000000])),
      MessagingModule.forRoot({ serviceName, brokers }),
      ProbeModule,
    ],
  }).compile();
  const app = moduleRef.createNestApplication();
  await app.get<DataSource>(getDataSourceToken()).query('CREATE TABLE IF NOT EXISTS probe_seen (event_id uuid PRIMARY KEY, n int, tx bigint DEFAULT txid_current())').catch(() => undefined);
  await app.init();
  return app;
}

/**
 * A describe block's own backbone app on its own scratch database, on the shared test broker.
 * `env` is set only while the app boots: the consumer and the relay read their settings then.
 */
export function scratchBackbone(name: string, env: Record<string, string> = {}): { readonly app: INestApplication; readonly serviceName: string; readonly databaseUrl: string } {
  let app: INestApplication | undefined;
  let db: { url: string; drop: () => Promise<void> } | undefined;
  const serviceName = `${name}-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    const before = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    Object.assign(process.env, env);
    try {
      db = await createScratchDatabase(`backbone_${name}`);
      app = await bootBackbone(db.url, testEnv.kafkaBrokers, serviceName);
    } finally {
      for (const [key, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });
  return {
    get app() {
      if (!app) throw new Error('the backbone app is not booted yet');
      return app;
    },
    serviceName,
    get databaseUrl() {
      if (!db) throw new Error('the backbone database is not created yet');
      return db.url;
    },
  };
}
