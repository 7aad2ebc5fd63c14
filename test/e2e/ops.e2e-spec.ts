import { ChildProcess, execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import path from 'node:path';
import { CloudEvent, TOPICS, toKafkaHeaders, WebhookDeliveryRecordedV1 } from '@tellonce/contracts';
import { createScratchDatabase } from '@tellonce/testing';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { Client } from 'pg';
import { api, bearer, eventually, servicePorts } from './support/api';
import { launch as launchProcess, stop, waitReady } from './support/processes';

// Operations, end to end. The shared e2e stack must keep running for the other test files, so the
// tests that stop and break things run their OWN processes (built dist/ apps) next to it:
//  - a second timeline (own scratch database, own consumer-group suffix) and a second gateway whose
//    TIMELINE_URL points at it and whose ops status reads that suffix's groups: stop/restart, lag,
//    and the dead-letter round trip;
//  - a small traced stack (gateway, referrals, consent, notifications) exporting spans to an
//    in-test OTLP/HTTP JSON collector.
// Every process and database started here is stopped and dropped in afterAll.

const ROOT = path.resolve(__dirname, '../..');
const RUN = randomUUID().slice(0, 8);
const BASE = Number(process.env.GATEWAY_PORT || 18080);
const PORTS = { gateway2: BASE + 31, timeline2: BASE + 32, gateway3: BASE + 33, referrals3: BASE + 34, consent3: BASE + 35, notifications3: BASE + 36, otlp: BASE + 37 };
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:19092').split(',');

const children: ChildProcess[] = [];
const databases: { drop: () => Promise<void> }[] = [];

function launch(app: string, env: Record<string, string>, logName: string): ChildProcess {
  return launchProcess(children, app, env, `ops-${logName}`);
}

async function devToken(gatewayPort: number, role: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${gatewayPort}/v1/auth/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub: `ops-e2e-${role}`, role, ...extra }) });
  if (res.status !== 201) throw new Error(`dev token: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

function webhookDeliveryEvent(): CloudEvent<Record<string, unknown>> {
  const familyId = randomUUID();
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'tellonce/notifications',
    type: WebhookDeliveryRecordedV1.type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    partitionkey: familyId,
    correlationid: randomUUID(),
    data: { subscriptionId: randomUUID(), agencyId: `ops-e2e-${RUN}`, familyId, eventType: 'referral.route.requested', sourceEventId: randomUUID(), status: 'failed', attempt: 1 },
  };
}

async function produce(producer: Producer, event: CloudEvent): Promise<void> {
  await producer.send({ topic: WebhookDeliveryRecordedV1.topic, acks: -1, messages: [{ key: event.partitionkey, value: JSON.stringify(event.data), headers: toKafkaHeaders(event) }] });
}

interface OpsStatus {
  status: string;
  services: { name: string; status: string }[];
  consumerLag: { group: string; topic: string; lag: number }[];
  deadLetters: number | null;
  webhookDeadLetters: number | null;
}

afterAll(async () => {
  await Promise.all(children.map((c) => stop(c)));
  for (const db of databases) await db.drop().catch(() => undefined);
}, 60_000);

describe('ops: a service of our own, stopped, lagging and dead-lettering (second gateway + second timeline)', () => {
  const suffix = `.ops-e2e-${RUN}`;
  const group = `tellonce.timeline${suffix}`;
  const timelineUrl = `http://127.0.0.1:${PORTS.timeline2}`;
  const gateway2 = `http://127.0.0.1:${PORTS.gateway2}`;
  let timelineDb: { url: string; drop: () => Promise<void> };
  let timeline: ChildProcess;
  let opsToken: string;
  let producer: Producer;
  const kafka = new Kafka({ clientId: `ops-e2e-${RUN}`, brokers, logLevel: logLevel.NOTHING });

  const timelineEnv = () => ({
    PORT: String(PORTS.timeline2),
    DATABASE_URL: timelineDb.url,
    KAFKA_CONSUMER_GROUP_SUFFIX: suffix,
    KAFKA_CONSUMER_START_AT_LATEST: 'true',
    AUTH_JWKS_URL: `${gateway2}/.well-known/jwks.json`,
    CONSUMER_MAX_ATTEMPTS: '2',
    CONSUMER_RETRY_BASE_MS: '50',
  });
  const startTimeline = async () => {
    timeline = launch('timeline', timelineEnv(), 'timeline2');
    await waitReady(`${timelineUrl}/health/ready`, timeline);
  };
  const status = async (): Promise<OpsStatus> => {
    const res = await fetch(`${gateway2}/v1/ops/status`, { headers: { authorization: `Bearer ${opsToken}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as OpsStatus;
  };
  const lagOf = (s: OpsStatus) => s.consumerLag.find((l) => l.group === group && l.topic === TOPICS.notifications)?.lag;

  beforeAll(async () => {
    timelineDb = await createScratchDatabase('ops_timeline');
    databases.push(timelineDb);
    const ports = servicePorts();
    const gw = launch(
      'gateway',
      {
        GATEWAY_PORT: String(PORTS.gateway2),
        AUTH_MODE: 'dev',
        SERVE_CONSOLE: 'false',
        REFERRALS_URL: `http://127.0.0.1:${ports.referrals}`,
        CONSENT_URL: `http://127.0.0.1:${ports.consent}`,
        PLANS_URL: `http://127.0.0.1:${ports.plans}`,
        NOTIFICATIONS_URL: `http://127.0.0.1:${ports.notifications}`,
        TIMELINE_URL: timelineUrl,
        AUTH_JWKS_URL: `${gateway2}/.well-known/jwks.json`,
        OPS_CONSUMER_GROUP_SUFFIX: suffix,
      },
      'gateway2',
    );
    await waitReady(`${gateway2}/health/live`, gw);
    opsToken = await devToken(PORTS.gateway2, 'ops');
    await startTimeline();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    const admin = kafka.admin();
    await admin.connect().catch(() => undefined);
    await stop(timeline);
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }, 60_000);

  it('is ok with every service up, and reads its own consumer group', async () => {
    const s = await eventually(async () => {
      const current = await status();
      return current.status === 'ok' && lagOf(current) !== undefined ? current : null;
    }, 30_000, 500);
    expect(s.services.map((x) => [x.name, x.status])).toEqual(expect.arrayContaining([['timeline', 'up']]));
    expect(typeof s.deadLetters).toBe('number');
    expect(typeof s.webhookDeadLetters).toBe('number');
  });

  it('stopped service: degraded naming it within 10 s, its lag grows; restarted: ok and the lag drains', async () => {
    await stop(timeline);
    const stoppedAt = Date.now();
    const degraded = await eventually(async () => {
      const s = await status();
      return s.status === 'degraded' ? s : null;
    }, 10_000, 250);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(degraded.services.find((x) => x.name === 'timeline')?.status).toBe('down');
    expect(degraded.services.filter((x) => x.status === 'down').map((x) => x.name)).toEqual(['timeline']);

    // Nobody consumes for this group now: what we publish piles up as lag.
    const before = lagOf(await status()) ?? 0;
    for (let i = 0; i < 5; i++) await produce(producer, webhookDeliveryEvent());
    await eventually(async () => ((lagOf(await status()) ?? 0) >= before + 5 ? true : null), 15_000, 500);

    await startTimeline();
    await eventually(async () => {
      const s = await status();
      return s.status === 'ok' && lagOf(s) === 0 ? s : null;
    }, 60_000, 500);
  }, 120_000);

  it('a dead-lettered event is listed and inspectable; replayed after the fix it is handled once, and only once', async () => {
    // The fault: timeline's table is gone (a botched migration, say). A valid event then fails every
    // attempt and is dead-lettered by this group. The fix: the table is back. Replay: handled once.
    const pg = new Client({ connectionString: timelineDb.url });
    await pg.connect();
    try {
      const event = webhookDeliveryEvent();
      await pg.query('ALTER TABLE timeline_entry RENAME TO timeline_entry_broken');
      let item: { id: string; type: string; eventId: string; consumerGroup: string; originalTopic: string; error: string; replayed: boolean } | undefined;
      try {
        await produce(producer, event);
        item = await eventually(async () => {
          const res = await fetch(`${gateway2}/v1/ops/dead-letters`, { headers: { authorization: `Bearer ${opsToken}` } });
          const body = (await res.json()) as { items: NonNullable<typeof item>[] };
          return body.items.find((i) => i.eventId === event.id && i.consumerGroup === group);
        }, 30_000, 1000);
      } finally {
        await pg.query('ALTER TABLE timeline_entry_broken RENAME TO timeline_entry');
      }
      expect(item).toMatchObject({ type: WebhookDeliveryRecordedV1.type, originalTopic: TOPICS.notifications, replayed: false });
      expect(item.id).toMatch(/^\d+-\d+$/);
      expect(item.error).toMatch(/timeline_entry/);
      const entries = async () => Number((await pg.query('SELECT count(*)::int AS n FROM timeline_entry WHERE id = $1', [event.id])).rows[0].n);
      expect(await entries()).toBe(0);

      // Through the main gateway as well: ops may read it, a coordinator may not.
      const shown = await api().get(`/v1/ops/dead-letters/${item.id}`).set(await bearer({ role: 'ops' })).expect(200);
      expect(shown.body.headers).toMatchObject({ ce_id: event.id, ce_type: event.type, dlq_consumer_group: group });
      expect(shown.body.data).toEqual(event.data);
      await api().get(`/v1/ops/dead-letters/${item.id}`).set(await bearer({ role: 'coordinator', hubId: 'hub-north' })).expect(403);
      await api().get('/v1/ops/dead-letters/0-999999999999').set(await bearer({ role: 'ops' })).expect(404);

      // The CLI reads the same list.
      const cli = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['-r', path.join(ROOT, 'scripts/register-paths.js'), path.join(ROOT, 'dist/apps/gateway/src/dlq-cli.js'), 'show', item!.id], { cwd: ROOT, env: process.env, timeout: 60_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
      );
      expect(JSON.parse(cli)).toMatchObject({ id: item.id, eventId: event.id, consumerGroup: group });

      const replay = await fetch(`${gateway2}/v1/ops/dead-letters/${item.id}/replay`, { method: 'POST', headers: { authorization: `Bearer ${opsToken}` } });
      expect(replay.status).toBe(202);
      await eventually(async () => ((await entries()) === 1 ? true : null), 30_000, 250);
      const again = await fetch(`${gateway2}/v1/ops/dead-letters/${item.id}/replay`, { method: 'POST', headers: { authorization: `Bearer ${opsToken}` } });
      expect(again.status).toBe(409);

      const listed = await fetch(`${gateway2}/v1/ops/dead-letters`, { headers: { authorization: `Bearer ${opsToken}` } });
      expect(((await listed.json()) as { items: { id: string; replayed: boolean }[] }).items.find((i) => i.id === item!.id)?.replayed).toBe(true);
      // Handled once: one timeline entry and one inbox row for this group, even after a while.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await entries()).toBe(1);
      const inbox = await pg.query('SELECT count(*)::int AS n FROM inbox WHERE event_id = $1 AND consumer_group = $2', [event.id, group]);
      expect(inbox.rows[0].n).toBe(1);
    } finally {
      await pg.end();
    }
  }, 150_000);

  it('lists exhausted webhook deliveries from the notifications service to ops only', async () => {
    const res = await api().get('/v1/ops/webhook-dead-letters').set(await bearer({ role: 'ops' })).expect(200);
    expect(Array.isArray(res.body.items)).toBe(true);
    await api().get('/v1/ops/webhook-dead-letters').set(await bearer({ role: 'coordinator', hubId: 'hub-north' })).expect(403);
  });
});

describe('ops: one referral is one trace across gateway, referrals, consent and notifications', () => {
  const spans: { service: string; traceId: string; name: string }[] = [];
  let collector: Server;
  const suffix = `.ops-trace-${RUN}`;

  beforeAll(async () => {
    collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            resourceSpans?: { resource?: { attributes?: { key: string; value: { stringValue?: string } }[] }; scopeSpans?: { spans?: { traceId: string; name: string }[] }[] }[];
          };
          for (const rs of body.resourceSpans ?? []) {
            const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
            for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) spans.push({ service, traceId: s.traceId, name: s.name });
          }
        } catch {
          /* not JSON: ignored */
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(PORTS.otlp, '127.0.0.1', resolve));

    const [referralsDb, consentDb, notificationsDb] = await Promise.all([createScratchDatabase('ops_referrals'), createScratchDatabase('ops_consent'), createScratchDatabase('ops_notifications')]);
    databases.push(referralsDb, consentDb, notificationsDb);
    const ports = servicePorts();
    const urls = {
      REFERRALS_URL: `http://127.0.0.1:${PORTS.referrals3}`,
      CONSENT_URL: `http://127.0.0.1:${PORTS.consent3}`,
      NOTIFICATIONS_URL: `http://127.0.0.1:${PORTS.notifications3}`,
      PLANS_URL: `http://127.0.0.1:${ports.plans}`,
      TIMELINE_URL: `http://127.0.0.1:${ports.timeline}`,
    };
    const common = {
      ...urls,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${PORTS.otlp}`,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      KAFKA_CONSUMER_GROUP_SUFFIX: suffix,
      KAFKA_CONSUMER_START_AT_LATEST: 'true',
      AUTH_JWKS_URL: `http://127.0.0.1:${PORTS.gateway3}/.well-known/jwks.json`,
    };
    const gw = launch('gateway', { ...common, GATEWAY_PORT: String(PORTS.gateway3), AUTH_MODE: 'dev', SERVE_CONSOLE: 'false', OPS_CONSUMER_GROUP_SUFFIX: suffix }, 'gateway3');
    await waitReady(`http://127.0.0.1:${PORTS.gateway3}/health/live`, gw);
    const services = [
      launch('referrals', { ...common, PORT: String(PORTS.referrals3), DATABASE_URL: referralsDb.url }, 'referrals3'),
      launch('consent', { ...common, PORT: String(PORTS.consent3), DATABASE_URL: consentDb.url }, 'consent3'),
      launch('notifications', { ...common, PORT: String(PORTS.notifications3), DATABASE_URL: notificationsDb.url, QUEUE_PREFIX: `ops-trace-${RUN}` }, 'notifications3'),
    ];
    await Promise.all([
      waitReady(`${urls.REFERRALS_URL}/health/ready`, services[0]),
      waitReady(`${urls.CONSENT_URL}/health/ready`, services[1]),
      waitReady(`${urls.NOTIFICATIONS_URL}/health/ready`, services[2]),
    ]);
    // The hub the family registers at: a directory row, written straight into this stack's own
    // database (seeding the demo directory would publish directory events to the shared broker).
    const pg = new Client({ connectionString: referralsDb.url });
    await pg.connect();
    await pg.query(`INSERT INTO hub (id, name, kind) VALUES ('hub-north', 'North Family Hub', 'hub') ON CONFLICT DO NOTHING`);
    await pg.end();
  }, 150_000);

  afterAll(async () => {
    await new Promise((resolve) => collector?.close(resolve));
    const kafka = new Kafka({ clientId: `ops-e2e-trace-${RUN}`, brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect().catch(() => undefined);
    await admin.deleteGroups(['referrals', 'consent', 'notifications'].map((s) => `tellonce.${s}${suffix}`)).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  });

  it('carries the caller’s traceparent from the gateway through Kafka into every consumer', async () => {
    const token = await devToken(PORTS.gateway3, 'coordinator', { hubId: 'hub-north' });
    const gateway = `http://127.0.0.1:${PORTS.gateway3}`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const family = await fetch(`${gateway}/v1/families`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ hubId: 'hub-north', address: { postcode: 'NG1 1AA' }, members: [{ givenName: 'Trace', familyName: 'Test', dateOfBirth: '1990-01-01', relationship: 'parent', livesInHousehold: true }] }),
    });
    expect([family.status, family.status === 201 ? '' : await family.text()]).toEqual([201, '']);
    const familyId = ((await family.json()) as { id: string }).id;

    const traceId = randomBytes(16).toString('hex');
    const referral = await fetch(`${gateway}/v1/referrals`, {
      method: 'POST',
      headers: { ...headers, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ familyId, hubId: 'hub-north', channel: 'hub-desk', story: 'Needs help with debts', needs: [{ code: 'debt-advice', urgency: 'routine' }] }),
    });
    expect([referral.status, referral.status === 201 ? '' : await referral.text()]).toEqual([201, '']);

    const wanted = ['tellonce-gateway', 'tellonce-referrals', 'tellonce-consent', 'tellonce-notifications'];
    const seen = await eventually(async () => {
      const services = new Set(spans.filter((s) => s.traceId === traceId).map((s) => s.service));
      return wanted.every((w) => services.has(w)) ? services : null;
    }, 30_000, 250).catch(() => new Set(spans.filter((s) => s.traceId === traceId).map((s) => s.service)));
    expect([...seen].sort()).toEqual(expect.arrayContaining(wanted));
    const names = spans.filter((s) => s.traceId === traceId).map((s) => `${s.service} ${s.name}`);
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^tellonce-consent consume /), expect.stringMatching(/^tellonce-notifications consume /)]));
  }, 60_000);
});
