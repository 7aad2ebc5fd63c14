import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CloudEvent, ConsentGrantedData, ConsentGrantedV1, EventDefinition, ReferralRaisedV1, RouteStatusChangedData, RouteStatusChangedV1, toKafkaHeaders, WebhookDeliveryRecordedV1 } from '@tellonce/contracts';
import { ServiceModule } from '@tellonce/messaging';
import { createServiceApp, ServiceConfig, validateConfig } from '@tellonce/platform';
import { createScratchDatabase, eventually, interleaveTransactions, startTestIssuer, statementsOf, testEnv, TestIssuer } from '@tellonce/testing';
import type { Job } from 'bullmq';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { NOTIFICATIONS_ENTITIES, NOTIFICATIONS_MIGRATIONS, NotificationsModule, NotificationsSettings, SmtpSink, startSmtpSink } from '../../src';
import { deterministicUuid } from '../../src/domain/deterministic-id';
import { partnerEventId } from '../../src/domain/partner-event';
import { fromRouteStatusChanged } from '../../src/domain/partner-event-builders';
import { WebhookMessage } from '../../src/entities/webhook-message.entity';
import { DeliverWebhookJob, NotificationQueues } from '../../src/queues/notification-queues';
import { WebhookMessagesRepository } from '../../src/repositories/webhook-messages.repository';
import { WebhookDeliveryProcessor } from '../../src/workers/webhook-delivery.processor';
import { RecordRoutesWhenReferralIsRaisedHandler } from '../../src/handlers/record-routes-when-referral-is-raised.handler';
import { TellAgencyWhenRouteStatusChangesHandler } from '../../src/handlers/tell-agency-when-route-status-changes.handler';
import { ReleaseHeldEventsWhenConsentIsGrantedHandler } from '../../src/handlers/update-sharing-view-when-consent-changes.handlers';

/** The same composition as apps/notifications/src/app.module.ts (a lib may not import an app). */
function notificationsApp(env: NodeJS.ProcessEnv, settings: NotificationsSettings) {
  const config = validateConfig(ServiceConfig, env);
  return createServiceApp(
    ServiceModule.forRoot({ serviceName: 'notifications', config, entities: NOTIFICATIONS_ENTITIES, migrations: NOTIFICATIONS_MIGRATIONS, imports: [NotificationsModule.forRoot(settings)] }),
    { serviceName: 'notifications', port: 0 },
  );
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A partner endpoint on loopback: answers with the scripted status codes, then 200. */
class Receiver {
  readonly received: Received[] = [];
  private server: Server;
  private held: (() => void)[] = [];
  private answerTogether = 0;
  url = '';
  constructor(private readonly script: number[] = []) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = this.script.shift() ?? 200;
        this.held.push(() => res.end());
        if (this.held.length >= this.answerTogether) for (const answer of this.held.splice(0)) answer();
      });
    });
  }
  /** Holds answers until `n` requests are waiting, then answers them all at once. */
  holdAnswersUntil(n: number): void {
    this.answerTogether = n;
  }
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }
  forFamily(familyId: string): Received[] {
    return this.received.filter((r) => (JSON.parse(r.body) as { data: { familyId: string } }).data.familyId === familyId);
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('notifications service (partner webhooks, notices, email)', () => {
  const run = randomUUID().slice(0, 8);
  const agencyA = `it-notif-a-${run}`;
  const agencyB = `it-notif-b-${run}`;
  const kafka = new Kafka({ clientId: `notifications-it-${run}`, brokers: testEnv.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });

  let app: INestApplication;
  let secureApp: INestApplication;
  let db: { url: string; drop: () => Promise<void> };
  let issuer: TestIssuer;
  let producer: Producer;
  let sink: SmtpSink;
  let dataSource: DataSource;
  let systemA: string;
  let systemB: string;
  let practitionerA: string;
  let practitionerB: string;
  const receivers: Receiver[] = [];

  const http = () => request(app.getHttpServer());

  async function receiver(script: number[] = []): Promise<Receiver> {
    const r = await new Receiver(script).start();
    receivers.push(r);
    return r;
  }

  function cloudEvent<T>(definition: EventDefinition<T>, key: string, data: T): CloudEvent<T> {
    const id = randomUUID();
    return { specversion: '1.0', id, source: 'tellonce/notifications-it', type: definition.type, time: new Date().toISOString(), datacontenttype: 'application/json', partitionkey: key, correlationid: randomUUID(), data };
  }

  async function publish<T>(definition: EventDefinition<T>, key: string, data: T): Promise<string> {
    const event = cloudEvent(definition, key, data);
    await producer.send({ topic: definition.topic, messages: [{ key, value: JSON.stringify(data), headers: toKafkaHeaders(event as CloudEvent) }] });
    return event.id;
  }

  function consentData(familyId: string, agencyIds: string[]): ConsentGrantedData {
    return {
      consentId: randomUUID(),
      familyId,
      decision: 'permit',
      subjectPersonIds: [randomUUID()],
      agencyIds,
      purposes: ['referral', 'plan'],
      dataCategories: [],
      method: 'verbal',
      actor: { sub: 'coord-1', role: 'coordinator', hubId: 'hub-north' },
    };
  }

  function consent(familyId: string, agencyIds: string[]): Promise<string> {
    return publish(ConsentGrantedV1, familyId, consentData(familyId, agencyIds));
  }

  function routeChangeData(familyId: string, agencyId: string, to: string, urgency: 'routine' | 'urgent' = 'routine'): RouteStatusChangedData {
    return {
      referralId: randomUUID(),
      familyId,
      routeId: randomUUID(),
      agencyId,
      serviceId: randomUUID(),
      needCodes: ['housing'],
      urgency,
      from: 'awaiting-consent',
      to,
      actor: { sub: 'system', role: 'system' },
    };
  }

  function routeChange(familyId: string, agencyId: string, to: string, urgency: 'routine' | 'urgent' = 'routine'): Promise<string> {
    return publish(RouteStatusChangedV1, familyId, routeChangeData(familyId, agencyId, to, urgency));
  }

  async function subscribe(token: string, url: string, eventTypes = ['referral.route.requested', 'referral.route.updated', 'referral.route.cancelled']) {
    const res = await http().post('/v1/subscriptions').set('authorization', `Bearer ${token}`).send({ url, eventTypes, description: 'it' });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  }

  /** An agency of its own for one test, with a loopback endpoint (scripted answers) subscribed to route events. */
  async function partnerEndpoint(label: string, script: number[] = []) {
    const agency = `it-notif-${label}-${run}`;
    const token = await issuer.token({ role: 'agency-system', agencyId: agency });
    const endpoint = await receiver(script);
    const sub = await subscribe(token, endpoint.url);
    return { agency, token, endpoint, sub };
  }

  beforeAll(async () => {
    issuer = await startTestIssuer();
    db = await createScratchDatabase('notifications');
    sink = await startSmtpSink();
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testEnv.kafkaBrokers,
      REDIS_URL: testEnv.redisUrl,
      AUTH_JWKS_URL: issuer.jwksUrl,
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
      LOG_LEVEL: 'warn',
    };
    const settings: NotificationsSettings = {
      REDIS_URL: testEnv.redisUrl,
      QUEUE_PREFIX: `it-notifications-${run}`,
      WEBHOOK_ALLOW_INSECURE: 'true',
      WEBHOOK_RETRY_SCHEDULE_SECONDS: '0.2,0.2,0.2',
      WEBHOOK_TIMEOUT_MS: 2000,
      WEBHOOK_SECRET_ROTATION_SECONDS: 86400,
      WEBHOOK_DISABLE_AFTER_FAILING_SECONDS: 5 * 24 * 3600,
      SMTP_URL: `smtp://127.0.0.1:${sink.smtpPort}`,
      MAIL_FROM: 'TellOnce <no-reply@tellonce.local>',
      DIGEST_INTERVAL_SECONDS: 1,
      CONSOLE_URL: 'http://localhost:8080',
      WORKERS_ENABLED: 'true',
    };
    app = await notificationsApp(env, settings);
    await app.listen(0, '127.0.0.1');
    dataSource = app.get<DataSource>(getDataSourceToken());

    // A second instance in production mode (SSRF guard on), API only: no consumer, relay or workers.
    const saved = { c: process.env.CONSUMERS_ENABLED, o: process.env.OUTBOX_RELAY_ENABLED };
    process.env.CONSUMERS_ENABLED = 'false';
    process.env.OUTBOX_RELAY_ENABLED = 'false';
    secureApp = await notificationsApp(env, { ...settings, WEBHOOK_ALLOW_INSECURE: 'false', WORKERS_ENABLED: 'false' });
    await secureApp.listen(0, '127.0.0.1');
    process.env.CONSUMERS_ENABLED = saved.c;
    process.env.OUTBOX_RELAY_ENABLED = saved.o;
    if (saved.c === undefined) delete process.env.CONSUMERS_ENABLED;
    if (saved.o === undefined) delete process.env.OUTBOX_RELAY_ENABLED;

    producer = kafka.producer();
    await producer.connect();
    systemA = await issuer.token({ role: 'agency-system', agencyId: agencyA });
    systemB = await issuer.token({ role: 'agency-system', agencyId: agencyB });
    practitionerA = await issuer.token({ role: 'practitioner', agencyId: agencyA });
    practitionerB = await issuer.token({ role: 'practitioner', agencyId: agencyB });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await secureApp?.close();
    await app?.close();
    for (const r of receivers) await r.close();
    await sink?.close();
    await db?.drop();
    await issuer?.close();
  });

  it('creates a subscription with a whsec_ secret, lists it without the secret, and hides it from other agencies', async () => {
    const target = await receiver();
    const res = await http()
      .post('/v1/subscriptions')
      .set('authorization', `Bearer ${systemA}`)
      .send({ url: target.url, eventTypes: ['referral.route.requested'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ url: target.url, eventTypes: ['referral.route.requested'], status: 'active' });
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(Buffer.from(res.body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(typeof res.body.createdAt).toBe('string');

    const list = await http().get('/v1/subscriptions').set('authorization', `Bearer ${systemA}`);
    expect(list.status).toBe(200);
    const mine = list.body.items.find((s: { id: string }) => s.id === res.body.id);
    expect(mine).toBeDefined();
    expect(mine.secret).toBeUndefined();

    const listB = await http().get('/v1/subscriptions').set('authorization', `Bearer ${systemB}`);
    expect(listB.body.items.find((s: { id: string }) => s.id === res.body.id)).toBeUndefined();
    expect((await http().get(`/v1/subscriptions/${res.body.id}/deliveries`).set('authorization', `Bearer ${systemB}`)).status).toBe(404);
    expect((await http().delete(`/v1/subscriptions/${res.body.id}`).set('authorization', `Bearer ${systemB}`)).status).toBe(404);
    expect((await http().post(`/v1/subscriptions/${res.body.id}/rotate-secret`).set('authorization', `Bearer ${systemB}`)).status).toBe(404);

    expect((await http().delete(`/v1/subscriptions/${res.body.id}`).set('authorization', `Bearer ${systemA}`)).status).toBe(204);
    expect((await http().get(`/v1/subscriptions/${res.body.id}/deliveries`).set('authorization', `Bearer ${systemA}`)).status).toBe(404);
  });

  it('rejects bad event types and roles', async () => {
    const empty = await http().post('/v1/subscriptions').set('authorization', `Bearer ${systemA}`).send({ url: 'http://127.0.0.1:1/x', eventTypes: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.some((e: { field: string }) => e.field === 'eventTypes')).toBe(true);
    const unknown = await http().post('/v1/subscriptions').set('authorization', `Bearer ${systemA}`).send({ url: 'http://127.0.0.1:1/x', eventTypes: ['referral.raised'] });
    expect(unknown.status).toBe(400);
    const wrongRole = await http().post('/v1/subscriptions').set('authorization', `Bearer ${practitionerA}`).send({ url: 'http://127.0.0.1:1/x', eventTypes: ['referral.route.requested'] });
    expect(wrongRole.status).toBe(403);
  });

  describe('lists page as every list does (?limit=&cursor=, nextCursor)', () => {
    const agency = `it-notif-paging-${run}`;
    let token: string;
    let ops: string;
    const created: { id: string }[] = [];

    beforeAll(async () => {
      token = await issuer.token({ role: 'agency-system', agencyId: agency });
      ops = await issuer.token({ role: 'ops' });
      for (let n = 0; n < 6; n++) created.push(await subscribe(token, `http://127.0.0.1:9/hooks/${n}`));
      await http().delete(`/v1/subscriptions/${created[2].id}`).set('authorization', `Bearer ${token}`).expect(204);
    });

    /** Follows nextCursor from the first page to the last; at most `maxPages` pages. */
    async function walk(path: string, bearer: string, limit: number, maxPages: number): Promise<{ id: string }[][]> {
      const pages: { id: string }[][] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await http().get(`${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).set('authorization', `Bearer ${bearer}`);
        expect(res.status).toBe(200);
        expect(Object.keys(res.body).sort()).toEqual(['items', 'nextCursor']);
        pages.push(res.body.items);
        cursor = res.body.nextCursor;
        if (pages.length > maxPages) throw new Error(`more than ${maxPages} pages`);
      } while (cursor);
      return pages;
    }

    it("GET /v1/subscriptions: the agency's subscriptions oldest first, in pages of `limit`, without the deleted one", async () => {
      const pages = await walk('/v1/subscriptions', token, 2, 3);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat().map((s) => s.id)).toEqual(created.filter((_s, n) => n !== 2).map((s) => s.id));
      const all = await http().get('/v1/subscriptions').set('authorization', `Bearer ${token}`).expect(200);
      expect(all.body.items).toHaveLength(5);
      expect(all.body.nextCursor).toBeNull();
    });

    it('GET /v1/ops/webhook-dead-letters: dead messages newest first, in pages of `limit`, each once', async () => {
      // Dated ahead of every other test's dead messages, so they open the list; two share a time.
      const subscriptionId = created[0].id;
      const at = ['2099-01-01T00:00:03.000Z', '2099-01-01T00:00:02.000Z', '2099-01-01T00:00:02.000Z', '2099-01-01T00:00:01.000Z', '2099-01-01T00:00:00.000Z'];
      const ids = at.map(() => randomUUID());
      for (const [n, id] of ids.entries()) {
        await dataSource.query(
          `INSERT INTO webhook_messages (id, subscription_id, agency_id, family_id, event_type, source_event_id, body, status, attempts, replays, event_time, created_at)
           VALUES ($1, $2, $3, $4, 'referral.route.requested', $5, '{}', 'dead', 4, 0, $6, $6)`,
          [id, subscriptionId, agency, randomUUID(), randomUUID(), at[n]],
        );
      }
      try {
        const expected = [ids[0], ...[ids[1], ids[2]].sort().reverse(), ids[3], ids[4]];
        const pages = await walk('/v1/ops/webhook-dead-letters', ops, 2, 1000);
        const listed = pages.flat().map((m) => m.id);
        expect(listed.slice(0, 5)).toEqual(expected);
        expect(new Set(listed).size).toBe(listed.length);
        expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
        const first = await http().get('/v1/ops/webhook-dead-letters?limit=1').set('authorization', `Bearer ${ops}`).expect(200);
        expect(first.body.items[0]).toEqual({ id: ids[0], subscriptionId, agencyId: agency, eventType: 'referral.route.requested', sourceEventId: expect.any(String), attempts: 4, at: at[0] });
        expect(typeof first.body.nextCursor).toBe('string');
      } finally {
        await dataSource.query(`DELETE FROM webhook_messages WHERE id = ANY($1::uuid[])`, [ids]);
      }
    });

    it.each([
      ['/v1/subscriptions', 'limit=abc', 'limit'],
      ['/v1/subscriptions', 'limit=-1', 'limit'],
      ['/v1/subscriptions', 'limit=0', 'limit'],
      ['/v1/subscriptions', 'limit=201', 'limit'],
      ['/v1/subscriptions', 'cursor=zzz', 'cursor'],
      ['/v1/subscriptions', 'page=2', 'page'],
      ['/v1/ops/webhook-dead-letters', 'limit=abc', 'limit'],
      ['/v1/ops/webhook-dead-letters', 'limit=0', 'limit'],
      ['/v1/ops/webhook-dead-letters', 'limit=201', 'limit'],
      ['/v1/ops/webhook-dead-letters', 'cursor=zzz', 'cursor'],
      ['/v1/ops/webhook-dead-letters', 'page=2', 'page'],
    ])('%s?%s is a 400 problem naming %s', async (path, query, field) => {
      const res = await http().get(`${path}?${query}`).set('authorization', `Bearer ${path.startsWith('/v1/ops/') ? ops : token}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  it('refuses private and insecure URLs unless insecure mode is on', async () => {
    const secure = () => request(secureApp.getHttpServer());
    for (const url of ['https://127.0.0.1/hooks', 'https://10.1.2.3/hooks', 'https://[::1]/hooks', 'https://169.254.169.254/latest', 'http://8.8.8.8/hooks', 'https://localhost/hooks']) {
      const res = await secure().post('/v1/subscriptions').set('authorization', `Bearer ${systemA}`).send({ url, eventTypes: ['referral.route.requested'] });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('url');
      expect(JSON.stringify(res.body)).not.toContain(url);
    }
    const publicIp = await secure().post('/v1/subscriptions').set('authorization', `Bearer ${systemA}`).send({ url: 'https://8.8.8.8/hooks', eventTypes: ['referral.route.requested'] });
    expect(publicIp.status).toBe(201);
    await secure().delete(`/v1/subscriptions/${publicIp.body.id}`).set('authorization', `Bearer ${systemA}`).expect(204);

    const insecure = await http().post('/v1/subscriptions').set('authorization', `Bearer ${systemA}`).send({ url: 'http://127.0.0.1:9/hooks', eventTypes: ['referral.route.requested'] });
    expect(insecure.status).toBe(201);
    await http().delete(`/v1/subscriptions/${insecure.body.id}`).set('authorization', `Bearer ${systemA}`).expect(204);
  });

  describe('with subscriptions for two agencies', () => {
    let receiverA: Receiver;
    let receiverB: Receiver;
    let subA: { id: string; secret: string };
    let subB: { id: string; secret: string };

    beforeAll(async () => {
      receiverA = await receiver();
      receiverB = await receiver();
      subA = await subscribe(systemA, receiverA.url);
      subB = await subscribe(systemB, receiverB.url);
    });

    it('delivers a signed CloudEvent to the route agency only, and only once sharing permits', async () => {
      const familyId = randomUUID();
      const sourceId = await routeChange(familyId, agencyA, 'requested', 'urgent');
      await new Promise((r) => setTimeout(r, 1500));
      expect(receiverA.forFamily(familyId)).toHaveLength(0); // no consent yet: held

      await consent(familyId, [agencyA, agencyB]);
      const [delivery] = await eventually(async () => receiverA.forFamily(familyId).length > 0 && receiverA.forFamily(familyId), 30_000);
      const verified = new Webhook(subA.secret).verify(delivery.body, delivery.headers as Record<string, string>) as Record<string, unknown>;
      expect(verified).toMatchObject({ specversion: '1.0', type: 'referral.route.requested', id: delivery.headers['webhook-id'], causationid: sourceId });
      expect(verified.data).toMatchObject({ familyId, agencyId: agencyA, needCodes: ['housing'], status: 'requested', urgency: 'urgent' });
      expect(Object.keys(verified.data as object).sort()).toEqual(['agencyId', 'familyId', 'needCodes', 'referralId', 'routeId', 'status', 'urgency']);
      expect(() => new Webhook(subB.secret).verify(delivery.body, delivery.headers as Record<string, string>)).toThrow();

      // B consented too, but the route is A's: B's wire stays silent.
      await new Promise((r) => setTimeout(r, 1000));
      expect(receiverB.forFamily(familyId)).toHaveLength(0);

      // The attempt is recorded and a timeline event staged.
      const deliveries = await http().get(`/v1/subscriptions/${subA.id}/deliveries`).set('authorization', `Bearer ${systemA}`);
      expect(deliveries.status).toBe(200);
      const row = deliveries.body.items.find((d: { webhookId: string }) => d.webhookId === delivery.headers['webhook-id']);
      expect(row).toMatchObject({ attempt: 1, status: 'succeeded', statusCode: 200, eventType: 'referral.route.requested', error: null });
      expect(typeof row.durationMs).toBe('number');
      const timeline = await dataSource.query(`SELECT data FROM outbox WHERE type = 'tellonce.notification.webhook-delivery.v1' AND message_key = $1`, [familyId]);
      expect(timeline[0].data).toMatchObject({ subscriptionId: subA.id, agencyId: agencyA, status: 'succeeded', attempt: 1, sourceEventId: sourceId });

      // An urgent new route: the agency's staff see it in-app and get an email at once, ids only.
      const notices = await eventually(async () => {
        const res = await http().get('/v1/notifications').set('authorization', `Bearer ${practitionerA}`);
        return res.body.items.find((n: { familyId: string }) => n.familyId === familyId);
      });
      expect(notices).toMatchObject({ kind: 'route-requested', urgency: 'urgent', needCodes: ['housing'] });
      const other = await http().get('/v1/notifications').set('authorization', `Bearer ${practitionerB}`);
      expect(other.body.items.find((n: { familyId: string }) => n.familyId === familyId)).toBeUndefined();
      const mail = await eventually(async () => sink.messages().find((m) => m.to.includes(`${agencyA}@agencies.tellonce.local`) && m.raw.includes('URGENT')), 20_000);
      expect(mail.raw).toContain('housing');
    });

    it('sends the routine notices of an agency in a digest email', async () => {
      const familyId = randomUUID();
      await consent(familyId, [agencyB]);
      await routeChange(familyId, agencyB, 'requested', 'routine');
      await eventually(async () => receiverB.forFamily(familyId).length > 0, 30_000);
      const mail = await eventually(async () => sink.messages().find((m) => m.to.includes(`${agencyB}@agencies.tellonce.local`)), 20_000);
      expect(mail.raw).toMatch(/new notification/);
      expect(mail.raw).not.toContain('URGENT');
    });

    it('re-delivers with replay, signed with both secrets after a rotation', async () => {
      const familyId = randomUUID();
      const since = new Date(Date.now() - 1000).toISOString();
      await consent(familyId, [agencyA]);
      await routeChange(familyId, agencyA, 'accepted');
      const [first] = await eventually(async () => receiverA.forFamily(familyId).length > 0 && receiverA.forFamily(familyId), 30_000);
      expect(JSON.parse(first.body).type).toBe('referral.route.updated');

      const rotated = await http().post(`/v1/subscriptions/${subA.id}/rotate-secret`).set('authorization', `Bearer ${systemA}`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(subA.secret);

      const replay = await http().post(`/v1/subscriptions/${subA.id}/replay`).set('authorization', `Bearer ${systemA}`).send({ since });
      expect(replay.status).toBe(202);
      expect(replay.body.replayed).toBeGreaterThanOrEqual(1);
      const again = await eventually(async () => receiverA.forFamily(familyId).length > 1 && receiverA.forFamily(familyId)[1], 30_000);
      expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
      expect(again.body).toBe(first.body);
      expect(String(again.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(() => new Webhook(rotated.body.secret).verify(again.body, again.headers as Record<string, string>)).not.toThrow();
      expect(() => new Webhook(subA.secret).verify(again.body, again.headers as Record<string, string>)).not.toThrow();

      const bad = await http().post(`/v1/subscriptions/${subA.id}/replay`).set('authorization', `Bearer ${systemA}`).send({ since: 'yesterday' });
      expect(bad.status).toBe(400);
    });
  });

  it('a consent event handled while a route event is being held still releases it', async () => {
    // Consent and route events come on different topics and are handled concurrently: the route
    // event is held ("not permitted yet") while the consent handler looks for held events.
    const { agency, endpoint: target } = await partnerEndpoint('race');
    const familyId = randomUUID();
    await interleaveTransactions(
      dataSource,
      (manager) => app.get(TellAgencyWhenRouteStatusChangesHandler).handle(cloudEvent(RouteStatusChangedV1, familyId, routeChangeData(familyId, agency, 'requested')), manager),
      (manager) => app.get(ReleaseHeldEventsWhenConsentIsGrantedHandler).handle(cloudEvent(ConsentGrantedV1, familyId, consentData(familyId, [agency])), manager),
    );
    const [delivered] = await eventually(async () => target.forFamily(familyId).length > 0 && target.forFamily(familyId), 30_000);
    expect(JSON.parse(delivered.body)).toMatchObject({ type: 'referral.route.requested', data: { familyId, agencyId: agency } });
    expect(await dataSource.query('SELECT id FROM held_partner_events WHERE family_id = $1', [familyId])).toEqual([]);
  });

  it("a run of one family's events takes its sharing lock and reads its view once, sees a consent given within the run, and writes its messages at commit", async () => {
    const { agency, endpoint: target } = await partnerEndpoint('run');
    const familyId = randomUUID();
    const routeEvent = () => cloudEvent(RouteStatusChangedV1, familyId, routeChangeData(familyId, agency, 'requested'));
    const [before, after1, after2] = [routeEvent(), routeEvent(), routeEvent()];
    let statements: string[] = [];
    await dataSource.transaction(async (manager) => {
      statements = statementsOf(manager);
      const routes = app.get(TellAgencyWhenRouteStatusChangesHandler);
      await routes.handle(before, manager); // not permitted yet: held
      await app.get(ReleaseHeldEventsWhenConsentIsGrantedHandler).handle(cloudEvent(ConsentGrantedV1, familyId, consentData(familyId, [agency])), manager);
      await routes.handle(after1, manager);
      await routes.handle(after2, manager);
    });
    expect(statements.filter((sql) => sql.includes('pg_advisory_xact_lock'))).toHaveLength(1);
    // Read before the consent and once after it (the consent handler's own change drops the remembered view).
    expect(statements.filter((sql) => sql.includes('FROM sharing_consent_records'))).toHaveLength(2);
    // The three messages and the three notices are each written in one statement, at the commit.
    expect(statements.filter((sql) => sql.includes('INSERT INTO webhook_messages'))).toHaveLength(1);
    expect(statements.filter((sql) => sql.includes('INSERT INTO practitioner_notifications'))).toHaveLength(1);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM practitioner_notifications WHERE family_id = $1', [familyId])).toEqual([{ n: 3 }]);
    const delivered = await eventually(async () => target.forFamily(familyId).length >= 3 && target.forFamily(familyId), 30_000);
    const routeIds = delivered.map((d) => (JSON.parse(d.body) as { data: { routeId: string } }).data.routeId).sort();
    expect(routeIds).toEqual([before, after1, after2].map((e) => e.data.routeId).sort());
    expect(await dataSource.query('SELECT route_id FROM route_views WHERE route_id = ANY($1) AND shared_with_agency', [routeIds])).toHaveLength(3);
  });

  it('records and marks routes by key, never by scanning route_views (it grows with every referral)', async () => {
    const { agency } = await partnerEndpoint('by-key');
    await dataSource.query(
      `INSERT INTO route_views (route_id, referral_id, reference, hub_id, agency_id, shared_with_agency)
       SELECT gen_random_uuid()::text, gen_random_uuid()::text, 'FH-R-FILL', 'hub-north', 'it-filler', false FROM generate_series(1, 5000)`,
    );
    await dataSource.query('ANALYZE route_views');
    const familyId = randomUUID();
    const held = cloudEvent(RouteStatusChangedV1, familyId, routeChangeData(familyId, agency, 'requested'));
    const raised = cloudEvent(ReferralRaisedV1, familyId, {
      referralId: randomUUID(),
      reference: 'FH-R-IT02',
      familyId,
      hubId: 'hub-north',
      channel: 'hub',
      needs: [],
      routes: [{ routeId: randomUUID(), agencyId: agency, serviceId: randomUUID(), needCodes: ['housing'], urgency: 'routine', status: 'requested' }],
      unmetNeedCodes: [],
      actor: { sub: 'coord-1', role: 'coordinator', hubId: 'hub-north' },
    });
    const scans = await dataSource.transaction(async (manager) => {
      await app.get(TellAgencyWhenRouteStatusChangesHandler).handle(held, manager); // held (no consent yet): its route is recorded
      await app.get(ReleaseHeldEventsWhenConsentIsGrantedHandler).handle(cloudEvent(ConsentGrantedV1, familyId, consentData(familyId, [agency])), manager); // sent: marked shared
      await app.get(RecordRoutesWhenReferralIsRaisedHandler).handle(raised, manager); // recorded, sent and marked
      return manager.query(`SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'route_views'`);
    });
    expect(scans).toEqual([{ seq_scan: '0' }]);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM route_views WHERE route_id = ANY($1) AND shared_with_agency', [[held.data.routeId, raised.data.routes[0].routeId]])).toEqual([{ n: 2 }]);
  });

  it('jobs running at once share one read, and attempts answered together share their records', async () => {
    const { agency, endpoint: target, sub } = await partnerEndpoint('batched');
    const familyId = randomUUID();
    // Messages committed without jobs, so only the calls below deliver them.
    const messages: WebhookMessage[] = Array.from({ length: 6 }, (_, i) => ({
      id: randomUUID(),
      subscriptionId: sub.id,
      agencyId: agency,
      familyId,
      eventType: 'referral.route.requested',
      sourceEventId: randomUUID(),
      body: JSON.stringify({ type: 'referral.route.requested', data: { familyId, n: i } }),
      status: 'pending',
      attempts: 0,
      replays: 0,
      eventTime: new Date(),
      createdAt: new Date(),
    }));
    await dataSource.transaction((manager) => app.get(WebhookMessagesRepository).insertNewWithPendingAttempts(manager, messages));
    target.holdAnswersUntil(messages.length);
    const query = jest.spyOn(dataSource.manager, 'query');
    let outcomes: string[];
    let calls: unknown[][];
    try {
      const processor = app.get(WebhookDeliveryProcessor);
      outcomes = await Promise.all(messages.map((m) => processor.process({ data: { messageId: m.id }, attemptsMade: 0, opts: { attempts: 5 }, timestamp: Date.now() } as Job<DeliverWebhookJob>)));
      calls = [...query.mock.calls];
    } finally {
      query.mockRestore();
    }
    expect(outcomes).toEqual(messages.map(() => 'succeeded'));
    const ours = calls.filter(([, params]) => messages.some((m) => JSON.stringify(params ?? []).includes(m.id))).map(([sql]) => String(sql));
    expect(ours.filter((sql) => sql.includes('LEFT JOIN webhook_subscriptions'))).toHaveLength(1);
    const records = ours.filter((sql) => sql.includes('INSERT INTO webhook_deliveries') && sql.includes('INSERT INTO outbox'));
    // Answered together, the six records land in one batch, or a few (one per job without batching).
    expect(records.length).toBeGreaterThanOrEqual(1);
    expect(records.length).toBeLessThanOrEqual(3);
    expect(target.forFamily(familyId)).toHaveLength(messages.length);
    const ids = messages.map((m) => m.id);
    const attempts = await dataSource.query(`SELECT message_id, attempt, status, status_code FROM webhook_deliveries WHERE message_id = ANY($1) ORDER BY message_id`, [ids]);
    expect(attempts).toEqual([...ids].sort().map((id) => ({ message_id: id, attempt: 1, status: 'succeeded', status_code: 200 })));
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM webhook_messages WHERE id = ANY($1) AND status = 'succeeded' AND attempts = 1`, [ids])).toEqual([{ n: 6 }]);
    const recorded = await dataSource.query(`SELECT data->>'status' AS status FROM outbox WHERE type = $1 AND data->>'familyId' = $2`, [WebhookDeliveryRecordedV1.type, familyId]);
    expect(recorded).toEqual(messages.map(() => ({ status: 'succeeded' })));
  });

  it('delivers a message and an urgent email whose jobs ran before their rows were committed (another replica, a slow commit)', async () => {
    const { agency, endpoint: target, sub } = await partnerEndpoint('slow');
    const familyId = randomUUID();
    await dataSource.transaction((manager) => app.get(ReleaseHeldEventsWhenConsentIsGrantedHandler).handle(cloudEvent(ConsentGrantedV1, familyId, consentData(familyId, [agency])), manager));
    const event = cloudEvent(RouteStatusChangedV1, familyId, routeChangeData(familyId, agency, 'requested', 'urgent'));
    // The jobs exist before their rows: as when another replica's transaction queued them and is slow to commit.
    const queues = app.get(NotificationQueues);
    await queues.enqueueDelivery(partnerEventId(fromRouteStatusChanged(event), `webhook:${sub.id}`));
    await queues.enqueueUrgentEmail(deterministicUuid('notice', event.id, 'route-requested', agency, ''));
    // Past the workers' first wait (3 s): they must put the jobs back, not drop them.
    await new Promise((r) => setTimeout(r, 4500));
    expect(target.forFamily(familyId)).toEqual([]);
    await dataSource.transaction((manager) => app.get(TellAgencyWhenRouteStatusChangesHandler).handle(event, manager));
    const [delivered] = await eventually(async () => target.forFamily(familyId).length > 0 && target.forFamily(familyId), 30_000);
    expect(JSON.parse(delivered.body).data.familyId).toBe(familyId);
    await eventually(async () => sink.messages().find((m) => m.to.includes(`${agency}@agencies.tellonce.local`) && m.raw.includes('URGENT')), 30_000);
    expect(target.forFamily(familyId)).toHaveLength(1);
  });

  it('a staging transaction that rolls back leaves no job, and its retry delivers once', async () => {
    const { agency, endpoint: target, sub } = await partnerEndpoint('retried');
    const familyId = randomUUID();
    await dataSource.transaction((manager) => app.get(ReleaseHeldEventsWhenConsentIsGrantedHandler).handle(cloudEvent(ConsentGrantedV1, familyId, consentData(familyId, [agency])), manager));
    const event = cloudEvent(RouteStatusChangedV1, familyId, routeChangeData(familyId, agency, 'requested'));
    const handler = app.get(TellAgencyWhenRouteStatusChangesHandler);
    const jobId = `${partnerEventId(fromRouteStatusChanged(event), `webhook:${sub.id}`)}-r0`;
    // First try fails after the fan-out (as a consumer run would on a deadlock).
    await expect(
      dataSource.transaction(async (manager) => {
        await handler.handle(event, manager);
        throw new Error('deadlock detected');
      }),
    ).rejects.toThrow('deadlock detected');
    expect(await app.get(NotificationQueues).webhooks.getJob(jobId)).toBeUndefined();
    // The retry stages the same message under the same job id.
    await dataSource.transaction((manager) => handler.handle(event, manager));
    const [delivered] = await eventually(async () => target.forFamily(familyId).length > 0 && target.forFamily(familyId), 30_000);
    expect(JSON.parse(delivered.body).data.familyId).toBe(familyId);
    await new Promise((r) => setTimeout(r, 500));
    expect(target.forFamily(familyId)).toHaveLength(1);
  });

  it('retries a failing endpoint with one webhook-id until it succeeds', async () => {
    const { agency, token, endpoint: flaky, sub } = await partnerEndpoint('retry', [500, 503]);
    const familyId = randomUUID();
    await consent(familyId, [agency]);
    await routeChange(familyId, agency, 'requested');
    const attempts = await eventually(async () => flaky.forFamily(familyId).length >= 3 && flaky.forFamily(familyId), 30_000);
    await new Promise((r) => setTimeout(r, 800));
    expect(flaky.forFamily(familyId)).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    for (const a of attempts) expect(() => new Webhook(sub.secret).verify(a.body, a.headers as Record<string, string>)).not.toThrow();

    const deliveries = await eventually(async () => {
      const res = await http().get(`/v1/subscriptions/${sub.id}/deliveries`).set('authorization', `Bearer ${token}`);
      return res.body.items.length === 3 && res.body.items.every((d: { status: string }) => d.status !== 'pending') && res.body;
    });
    const byAttempt = [...deliveries.items].sort((x: { attempt: number }, y: { attempt: number }) => x.attempt - y.attempt);
    expect(byAttempt.map((d: { status: string }) => d.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect(byAttempt.map((d: { statusCode: number }) => d.statusCode)).toEqual([500, 503, 200]);
    expect(byAttempt[0].error).toBe('HTTP 500');
  });

  it('disables an endpoint failing for longer than the window, stops retrying it, and ops see it in the metrics', async () => {
    const { agency, token, endpoint: failing, sub } = await partnerEndpoint('failing', [500, 500, 500, 500]);
    // Its run of failures began six days ago; the window is five.
    await dataSource.query(`UPDATE webhook_subscriptions SET failing_since = now() - interval '6 days' WHERE id = $1`, [sub.id]);
    const familyId = randomUUID();
    await consent(familyId, [agency]);
    await routeChange(familyId, agency, 'requested');
    const disabled = await eventually(async () => {
      const res = await http().get('/v1/subscriptions').set('authorization', `Bearer ${token}`);
      const mine = res.body.items.find((s: { id: string }) => s.id === sub.id);
      return mine?.status === 'disabled' && mine;
    }, 30_000);
    expect(disabled.disabledReason).toBe('failing-continuously');
    const deliveries = await http().get(`/v1/subscriptions/${sub.id}/deliveries`).set('authorization', `Bearer ${token}`);
    expect(deliveries.body.items.map((d: { status: string; statusCode: number }) => [d.status, d.statusCode])).toEqual([['dead', 500]]);
    expect(failing.forFamily(familyId)).toHaveLength(1);
    const metrics = await http().get('/metrics');
    expect(metrics.text).toMatch(/^tellonce_webhook_subscriptions_disabled\{reason="failing-continuously"\} [1-9]/m);
  });

  it('marks a message dead when retries run out, and disables a subscription on 410', async () => {
    const agency = `it-notif-gone-${run}`;
    const token = await issuer.token({ role: 'agency-system', agencyId: agency });
    const broken = await receiver([500, 500, 500, 500]);
    const gone = await receiver([410]);
    const subBroken = await subscribe(token, broken.url, ['referral.route.cancelled']);
    const subGone = await subscribe(token, gone.url, ['referral.route.cancelled']);
    const familyId = randomUUID();
    await consent(familyId, [agency]);
    await routeChange(familyId, agency, 'cancelled');
    await eventually(async () => gone.forFamily(familyId).length === 1 && broken.forFamily(familyId).length === 4, 30_000);

    const list = await eventually(async () => {
      const res = await http().get('/v1/subscriptions').set('authorization', `Bearer ${token}`);
      const s = res.body.items.find((i: { id: string }) => i.id === subGone.id);
      return s?.status === 'disabled' && res.body;
    });
    expect(list.items.find((i: { id: string }) => i.id === subBroken.id).status).toBe('active');
    const deliveries = await eventually(async () => {
      const res = await http().get(`/v1/subscriptions/${subBroken.id}/deliveries`).set('authorization', `Bearer ${token}`);
      return res.body.items.some((d: { status: string }) => d.status === 'dead') && res.body;
    });
    expect(deliveries.items.find((d: { status: string }) => d.status === 'dead').attempt).toBe(4);
    const dead = await dataSource.query(`SELECT count(*)::int AS n FROM webhook_messages WHERE subscription_id = $1 AND status = 'dead'`, [subBroken.id]);
    expect(dead[0].n).toBe(1);

    // Later events never reach a disabled subscription.
    const later = randomUUID();
    await consent(later, [agency]);
    await routeChange(later, agency, 'cancelled');
    await eventually(async () => broken.forFamily(later).length >= 1, 30_000);
    expect(gone.forFamily(later)).toHaveLength(0);

    // Replaying to a disabled subscription is a state conflict (409), not bad input.
    const replay = await http().post(`/v1/subscriptions/${subGone.id}/replay`).set('authorization', `Bearer ${token}`).send({ since: new Date(Date.now() - 60_000).toISOString() });
    expect(replay.status).toBe(409);
    expect(replay.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
