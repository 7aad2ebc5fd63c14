import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import {
  AgencyUpsertedV1,
  CloudEvent,
  ConsentGrantedV1,
  EventDefinition,
  FamilyRegisteredV1,
  PlanActionAssignedV1,
  PlanCreatedV1,
  ReferralRaisedV1,
  RouteStatusChangedData,
  RouteStatusChangedV1,
  ServiceUpsertedV1,
  toKafkaHeaders,
  WebhookDeliveryRecordedV1,
} from '@tellonce/contracts';
import { createKafka, KafkaEventConsumer, ServiceModule } from '@tellonce/messaging';
import { createServiceApp, ServiceConfig } from '@tellonce/platform';
import { createScratchDatabase, eventually, startTestIssuer, statementsOf, testEnv, TestIssuer } from '@tellonce/testing';
import type { Producer } from 'kafkajs';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { canSee, lensOf, TIMELINE_ENTITIES, TIMELINE_MIGRATIONS, TimelineModule, TimelineProjector, TimelineRebuilder, VisibilityScope } from '../../src';

interface Item {
  id: string;
  at: string;
  type: string;
  source: string;
  summary: string;
  actor: { sub: string; role: string; agencyId?: string };
  subject: { kind: string; id: string };
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

const run = randomUUID().slice(0, 8);
const AGENCY_A = `ag-can-${run}`;
const AGENCY_B = `ag-hv-${run}`;
const SERVICE_A = `svc-debt-${run}`;
const SERVICE_B = `svc-hv-${run}`;
const FAMILY = randomUUID();
const REFERRAL = randomUUID();
const ROUTE_A = randomUUID();
const ROUTE_B = randomUUID();
const coordinatorActor = { sub: 'coord-1', role: 'coordinator', hubId: 'hub-north' };
const practitionerA = { sub: 'pract-a', role: 'practitioner', agencyId: AGENCY_A };
const T0 = Date.now() - 3_600_000;
const at = (seconds: number) => new Date(T0 + seconds * 1000);

function cloudEvent<T>(definition: EventDefinition<T>, data: T, time: Date, key: string, source: string, id: string = randomUUID()): CloudEvent<T> {
  return { specversion: '1.0', id, source: `tellonce/${source}`, type: definition.type, time: time.toISOString(), datacontenttype: 'application/json', partitionkey: key, correlationid: id, data };
}

const routeChange = (routeId: string, agencyId: string, serviceId: string, from: string, to: string, seconds: number, extra: Partial<RouteStatusChangedData> = {}) =>
  cloudEvent(
    RouteStatusChangedV1,
    { referralId: REFERRAL, familyId: FAMILY, routeId, agencyId, serviceId, needCodes: [agencyId === AGENCY_A ? 'debt-advice' : 'health-visiting'], urgency: 'routine', from, to, actor: agencyId === AGENCY_A && to !== 'requested' ? practitionerA : coordinatorActor, ...extra },
    at(seconds),
    FAMILY,
    'referrals',
  );

describe('timeline service (integration)', () => {
  let app: INestApplication;
  let issuer: TestIssuer;
  let db: { url: string; drop: () => Promise<void> };
  let producer: Producer;
  let coordinator: string;
  let agencyA: string;
  let agencyB: string;

  const TOPIC_OF = new Map([AgencyUpsertedV1, ServiceUpsertedV1, FamilyRegisteredV1, ReferralRaisedV1, RouteStatusChangedV1, ConsentGrantedV1].map((d) => [d.type, d.topic]));

  /** One message at a time, in order, keyed like the outbox relay does (family id, or agency id for the directory). */
  async function produce(...events: CloudEvent[]): Promise<void> {
    for (const event of events) {
      await producer.send({ topic: TOPIC_OF.get(event.type)!, acks: -1, messages: [{ key: event.partitionkey, value: JSON.stringify(event.data), headers: toKafkaHeaders(event) }] });
    }
  }

  const timeline = (token: string, query: Record<string, string | number> = {}, family: string = FAMILY) =>
    request(app.getHttpServer()).get(`/v1/families/${family}/timeline`).query(query).set('authorization', `Bearer ${token}`);

  async function readAll(token: string, query: Record<string, string | number> = {}): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const q: Record<string, string | number> = { ...query };
      if (cursor) q.cursor = cursor;
      const res: request.Response = await timeline(token, q).expect(200);
      items.push(...(res.body as Page).items);
      cursor = (res.body as Page).nextCursor;
    } while (cursor);
    return items;
  }

  async function waitForCount(token: string, count: number): Promise<Item[]> {
    return eventually(async () => {
      const res = await timeline(token, { order: 'asc', limit: 200 });
      return res.status === 200 && (res.body as Page).items.length >= count ? (res.body as Page).items : undefined;
    }, 60_000, 200);
  }

  beforeAll(async () => {
    issuer = await startTestIssuer();
    db = await createScratchDatabase('timeline');
    const config = Object.assign(new ServiceConfig(), {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testEnv.kafkaBrokers,
      AUTH_JWKS_URL: issuer.jwksUrl,
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
      LOG_LEVEL: 'warn',
    });
    // The same composition as apps/timeline/src/app.module.ts (a lib may not import its app).
    const module = ServiceModule.forRoot({ serviceName: 'timeline', config, entities: TIMELINE_ENTITIES, migrations: TIMELINE_MIGRATIONS, imports: [TimelineModule] });
    app = await createServiceApp({ module: class TimelineTestModule {}, imports: [module] }, { serviceName: 'timeline', port: 0 });
    await app.listen(0, '127.0.0.1');
    producer = createKafka(`timeline-test-${run}`, testEnv.kafkaBrokers).producer();
    await producer.connect();
    coordinator = await issuer.token({ role: 'coordinator', hubId: 'hub-north' });
    agencyA = await issuer.token({ role: 'practitioner', agencyId: AGENCY_A });
    agencyB = await issuer.token({ role: 'agency-system', agencyId: AGENCY_B });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await issuer?.close();
    await db?.drop();
  });

  const accepted = routeChange(ROUTE_A, AGENCY_A, SERVICE_A, 'requested', 'accepted', 40);

  it('reads its topics in long runs: up to 50 events a transaction, fetches held up to 250 ms (nobody waits on a projection)', () => {
    expect(app.get(KafkaEventConsumer).settings).toMatchObject({ transactionBatchSize: 50, fetchWaitMs: 250, fetchMinBytes: 64 * 1024 });
  });

  it('projects a family journey, in order, with readable summaries; a duplicate appears once', async () => {
    await produce(
      cloudEvent(AgencyUpsertedV1, { agencyId: AGENCY_A, name: 'Citizens Advice North', kind: 'voluntary', active: true }, at(0), AGENCY_A, 'referrals'),
      cloudEvent(AgencyUpsertedV1, { agencyId: AGENCY_B, name: 'Health Visiting Team', kind: 'health', active: true }, at(0), AGENCY_B, 'referrals'),
      cloudEvent(ServiceUpsertedV1, { serviceId: SERVICE_A, agencyId: AGENCY_A, name: 'Debt advice', needs: ['debt-advice'], hubIds: ['hub-north'], status: 'active', capacity: 'open' }, at(0), AGENCY_A, 'referrals'),
      cloudEvent(ServiceUpsertedV1, { serviceId: SERVICE_B, agencyId: AGENCY_B, name: 'Health visiting', needs: ['health-visiting'], hubIds: ['hub-north'], status: 'active', capacity: 'open' }, at(0), AGENCY_B, 'referrals'),
    );
    // Names first, so the summaries below can use them (the live path reads the view at projection time).
    const directory = app.get<DataSource>(getDataSourceToken());
    await eventually(async () => {
      const [{ n }] = await directory.query('SELECT (SELECT count(*) FROM timeline_agency WHERE id = ANY($1)) + (SELECT count(*) FROM timeline_service WHERE id = ANY($2)) AS n', [[AGENCY_A, AGENCY_B], [SERVICE_A, SERVICE_B]]);
      return Number(n) === 4;
    }, 30_000);
    await produce(
      cloudEvent(FamilyRegisteredV1, { familyId: FAMILY, reference: 'FAM-7K2Q9', hubId: 'hub-north', members: [{ personId: 'p-mum', relationship: 'parent', livesInHousehold: true }], actor: coordinatorActor }, at(10), FAMILY, 'referrals'),
      cloudEvent(
        ReferralRaisedV1,
        {
          referralId: REFERRAL,
          reference: 'REF-4D8H1',
          familyId: FAMILY,
          hubId: 'hub-north',
          channel: 'hub-desk',
          needs: [
            { needId: 'n1', code: 'debt-advice', urgency: 'routine', routeId: ROUTE_A },
            { needId: 'n2', code: 'health-visiting', urgency: 'routine', routeId: ROUTE_B },
          ],
          routes: [
            { routeId: ROUTE_A, agencyId: AGENCY_A, serviceId: SERVICE_A, needCodes: ['debt-advice'], urgency: 'routine', status: 'awaiting-consent' },
            { routeId: ROUTE_B, agencyId: AGENCY_B, serviceId: SERVICE_B, needCodes: ['health-visiting'], urgency: 'routine', status: 'awaiting-consent' },
          ],
          unmetNeedCodes: [],
          actor: coordinatorActor,
        },
        at(20),
        FAMILY,
        'referrals',
      ),
    );
    await waitForCount(coordinator, 2);
    // Before consent an agency sees nothing at all: the family is not revealed.
    await timeline(agencyA).expect(404).expect('content-type', /application\/problem\+json/);

    await produce(
      cloudEvent(ConsentGrantedV1, { consentId: randomUUID(), familyId: FAMILY, decision: 'permit', subjectPersonIds: ['p-mum'], agencyIds: [AGENCY_A], purposes: ['referral'], dataCategories: [], method: 'verbal', actor: coordinatorActor }, at(30), FAMILY, 'consent'),
      routeChange(ROUTE_A, AGENCY_A, SERVICE_A, 'awaiting-consent', 'requested', 35),
      accepted,
      accepted,
      routeChange(ROUTE_B, AGENCY_B, SERVICE_B, 'awaiting-consent', 'cancelled', 45, { reason: 'no-longer-needed', actor: coordinatorActor }),
      routeChange(ROUTE_A, AGENCY_A, SERVICE_A, 'accepted', 'completed', 50, { outcome: 'debt-plan-agreed' }),
    );
    const items = await waitForCount(coordinator, 7);
    await new Promise((r) => setTimeout(r, 1000));
    const settled = (await timeline(coordinator, { order: 'asc', limit: 200 }).expect(200)).body as Page;
    expect(settled.items.map((i) => [i.type, i.summary])).toEqual([
      ['family.registered', 'Family registered at hub-north'],
      ['referral.raised', 'Referral REF-4D8H1 raised (hub desk) for Debt advice, Health visiting; waiting for consent to send to Debt advice (Citizens Advice North), Health visiting (Health Visiting Team)'],
      ['consent.granted', 'Consent given to share with Citizens Advice North'],
      ['referral.route.status-changed', 'Referral sent to Debt advice (Citizens Advice North)'],
      ['referral.route.status-changed', 'Debt advice (Citizens Advice North) accepted the referral'],
      ['referral.route.status-changed', 'Referral to Health visiting (Health Visiting Team) cancelled (no longer needed)'],
      ['referral.route.status-changed', 'Debt advice (Citizens Advice North) completed the referral (debt plan agreed)'],
    ]);
    expect(settled.items.filter((i) => i.id === accepted.id)).toHaveLength(1);
    expect(items[0]).toEqual({ id: expect.any(String), at: at(10).toISOString(), type: 'family.registered', source: 'referrals', summary: 'Family registered at hub-north', actor: { sub: 'coord-1', role: 'coordinator' }, subject: { kind: 'family', id: FAMILY } });
    expect(settled.items[4]).toMatchObject({ actor: { sub: 'pract-a', role: 'practitioner', agencyId: AGENCY_A }, subject: { kind: 'referral-route', id: ROUTE_A } });
    // Default order is newest first.
    const desc = (await timeline(coordinator).expect(200)).body as Page;
    expect(desc.items.map((i) => i.id)).toEqual(settled.items.map((i) => i.id).reverse());
    expect(desc.nextCursor).toBeNull();
  });

  it('shows an agency only its part while sharing permits (its routes, family-wide entries), and nothing without it', async () => {
    const a = (await timeline(agencyA, { order: 'asc' }).expect(200)).body as Page;
    expect(a.items.map((i) => i.summary)).toEqual([
      'Family registered at hub-north',
      // Minimised: the agency reads only its own need and route, as the referrals API shows it.
      'Referral REF-4D8H1 raised (hub desk) for Debt advice; waiting for consent to send to Debt advice (Citizens Advice North)',
      'Consent given to share with Citizens Advice North',
      'Referral sent to Debt advice (Citizens Advice North)',
      'Debt advice (Citizens Advice North) accepted the referral',
      'Debt advice (Citizens Advice North) completed the referral (debt plan agreed)',
    ]);
    // No consent for B: not even its own route, which waits for consent (404, as for a stranger).
    await timeline(agencyB).expect(404).expect('content-type', /application\/problem\+json/);
    const stranger = await issuer.token({ role: 'practitioner', agencyId: `ag-other-${run}` });
    await timeline(stranger).expect(404);
  });

  it('filters by type', async () => {
    const page = (await timeline(coordinator, { types: 'consent.granted,family.registered', order: 'asc' }).expect(200)).body as Page;
    expect(page.items.map((i) => i.type)).toEqual(['family.registered', 'consent.granted']);
  });

  it.each([
    ['order=sideways', { order: 'sideways' }],
    ['limit=0', { limit: 0 }],
    ['limit=201', { limit: 201 }],
    ['limit=abc', { limit: 'abc' }],
    ['malformed cursor', { cursor: 'not-a-cursor' }],
    // Well-formed cursors whose values PostgreSQL refuses (timestamp or bigint out of range).
    ['cursor at year 0000', { order: 'desc', cursor: Buffer.from(JSON.stringify(['d', '0000-01-01T00:00:00Z', '1'])).toString('base64url') }],
    ['cursor at 30 February', { order: 'desc', cursor: Buffer.from(JSON.stringify(['d', '2026-02-30T00:00:00Z', '1'])).toString('base64url') }],
    ['cursor seq past bigint', { order: 'desc', cursor: Buffer.from(JSON.stringify(['d', '2026-01-01T00:00:00Z', '9999999999999999999'])).toString('base64url') }],
    ['unknown parameter', { colour: 'blue' }],
    ['bad types', { types: 'Consent Granted' }],
  ])('rejects %s with 400 problem+json', async (_name, query) => {
    const res = await timeline(coordinator, query).expect(400).expect('content-type', /application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, title: 'Bad Request' });
  });

  it('rejects a cursor used with the other order, answers 404 for an unknown family and audits reads', async () => {
    const first = (await timeline(coordinator, { order: 'asc', limit: 2 }).expect(200)).body as Page;
    await timeline(coordinator, { order: 'desc', cursor: first.nextCursor! }).expect(400);
    const unknown = randomUUID();
    await timeline(coordinator, {}, unknown).expect(404).expect('content-type', /application\/problem\+json/);
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const audits: { outcome: string; family: string }[] = await dataSource.query(
      `SELECT data->>'outcome' AS outcome, data->>'familyId' AS family FROM outbox WHERE type = 'tellonce.audit.recorded.v1' AND data->>'familyId' = ANY($1::text[])`,
      [[FAMILY, unknown]],
    );
    expect(audits).toEqual(expect.arrayContaining([{ outcome: 'denied', family: unknown }, { outcome: 'allowed', family: FAMILY }, { outcome: 'denied', family: FAMILY }]));
  });

  it('keeps pages stable while new events arrive (asc and desc)', async () => {
    const before = (await timeline(coordinator, { order: 'asc', limit: 200 }).expect(200)).body as Page;
    expect(before.items).toHaveLength(7);

    const asc1 = (await timeline(coordinator, { order: 'asc', limit: 3 }).expect(200)).body as Page;
    const desc1 = (await timeline(coordinator, { order: 'desc', limit: 3 }).expect(200)).body as Page;
    // New events: one newer than everything, one older than the asc cursor (a late arrival).
    const newer = routeChange(ROUTE_A, AGENCY_A, SERVICE_A, 'completed', 'completed', 100);
    const late = routeChange(ROUTE_A, AGENCY_A, SERVICE_A, 'awaiting-consent', 'awaiting-consent', 5);
    await produce(newer, late);
    await waitForCount(coordinator, 9);

    const ascRest = await readAll(coordinator, { order: 'asc', limit: 3, cursor: asc1.nextCursor! });
    expect([...asc1.items, ...ascRest].map((i) => i.id)).toEqual([...before.items.map((i) => i.id), newer.id]);
    const descRest = await readAll(coordinator, { order: 'desc', limit: 3, cursor: desc1.nextCursor! });
    expect([...desc1.items, ...descRest].map((i) => i.id)).toEqual([...before.items].reverse().map((i) => i.id).concat(late.id));
  });

  it("writes a transaction's entries in one statement at its commit, in order, named as the views stand then; a rollback writes none", async () => {
    const ds = app.get<DataSource>(getDataSourceToken());
    const projector = app.get(TimelineProjector);
    const family = randomUUID();
    const agency = `ag-late-${run}`;
    const registered = (seconds: number) =>
      cloudEvent(FamilyRegisteredV1, { familyId: family, reference: 'FAM-2B4C6', hubId: 'hub-north', members: [{ personId: 'p-dad', relationship: 'parent', livesInHousehold: true }], actor: coordinatorActor }, at(seconds), family, 'referrals');
    const consent = cloudEvent(ConsentGrantedV1, { consentId: randomUUID(), familyId: family, decision: 'permit', subjectPersonIds: ['p-dad'], agencyIds: [agency], purposes: ['referral'], dataCategories: [], method: 'verbal', actor: coordinatorActor }, at(2), family, 'consent');
    // The agency is named after the consent entry was projected, in the same transaction.
    const named = cloudEvent(AgencyUpsertedV1, { agencyId: agency, name: 'Family Mediation East', kind: 'voluntary', active: true }, at(3), agency, 'referrals');
    const entryCount = async () => Number((await ds.query('SELECT count(*) AS n FROM timeline_entry WHERE family_id = $1', [family]))[0].n);

    await expect(
      ds.transaction(async (m) => {
        await projector.apply(registered(1), m);
        throw new Error('the run gives up');
      }),
    ).rejects.toThrow('the run gives up');
    expect(await entryCount()).toBe(0);

    let statements: string[] = [];
    await ds.transaction(async (m) => {
      statements = statementsOf(m);
      for (const event of [registered(1), consent, named]) await projector.apply(event, m);
      expect(statements.filter((sql) => sql.includes('INSERT INTO timeline_entry'))).toHaveLength(0);
    });
    expect(statements.filter((sql) => sql.includes('INSERT INTO timeline_entry'))).toHaveLength(1);
    const items = (await timeline(coordinator, { order: 'asc' }, family).expect(200)).body as Page;
    expect(items.items.map((i) => [i.type, i.summary])).toEqual([
      ['family.registered', 'Family registered at hub-north'],
      ['consent.granted', 'Consent given to share with Family Mediation East'],
    ]);
  });

  it('shows an agency each part of the record only while sharing permits that part, as the referrals and plans APIs judge it', async () => {
    const ds = app.get<DataSource>(getDataSourceToken());
    const projector = app.get(TimelineProjector);
    const journey = (family: string) => {
      const referralId = randomUUID();
      const routeId = randomUUID();
      const planId = randomUUID();
      const actionId = randomUUID();
      const event = <T>(definition: EventDefinition<T>, data: T, seconds: number, source: string) => cloudEvent(definition, data, at(seconds), family, source);
      return [
        event(FamilyRegisteredV1, { familyId: family, reference: 'FAM-9P3L5', hubId: 'hub-north', members: [{ personId: 'p-mum', relationship: 'parent', livesInHousehold: true }], actor: coordinatorActor }, 1, 'referrals'),
        event(RouteStatusChangedV1, { referralId, familyId: family, routeId, agencyId: AGENCY_A, serviceId: SERVICE_A, needCodes: ['debt-advice'], urgency: 'routine', from: 'awaiting-consent', to: 'requested', actor: coordinatorActor }, 3, 'referrals'),
        event(PlanCreatedV1, { planId, familyId: family, levelOfNeed: 'early-help', leadAgencyId: AGENCY_B, outcomeIds: [], actionIds: [actionId], actor: coordinatorActor }, 4, 'plans'),
        event(PlanActionAssignedV1, { planId, familyId: family, actionId, agencyId: AGENCY_A, dueDate: '2027-01-15', actor: coordinatorActor }, 5, 'plans'),
        event(WebhookDeliveryRecordedV1, { subscriptionId: 'sub-1', agencyId: AGENCY_A, familyId: family, eventType: 'plan.action.assigned', sourceEventId: randomUUID(), status: 'succeeded', attempt: 1 }, 6, 'notifications'),
        event(WebhookDeliveryRecordedV1, { subscriptionId: 'sub-1', agencyId: AGENCY_A, familyId: family, eventType: 'referral.route.requested', sourceEventId: randomUUID(), status: 'succeeded', attempt: 1 }, 7, 'notifications'),
      ];
    };
    const consent = (family: string, decision: 'permit' | 'deny', purposes: string[], dataCategories: ('plan' | 'story')[], seconds: number) =>
      cloudEvent(ConsentGrantedV1, { consentId: randomUUID(), familyId: family, decision, subjectPersonIds: ['p-mum'], agencyIds: [AGENCY_A], purposes, dataCategories, method: 'written', actor: coordinatorActor }, at(seconds), family, 'consent');
    const project = (...events: CloudEvent[]) => ds.transaction(async (m) => {
      for (const e of events) await projector.apply(e, m);
    });
    const typesSeen = async (family: string) =>
      ((await timeline(agencyA, { order: 'asc', limit: 200 }, family).expect(200)).body as Page).items.map((i) => (i.type === 'notification.webhook-delivery' ? `delivery of ${i.summary.includes('plan') ? 'plan' : 'referral'}` : i.type));
    /** The reference rule (`canSee` with `lensOf`) over the stored rows: the SQL must agree with it. */
    const expectedFor = async (family: string, scope: VisibilityScope) => {
      const rows: { id: string; type: string; data: unknown; agency_ids: string[] | null }[] = await ds.query('SELECT id, type, data, agency_ids FROM timeline_entry WHERE family_id = $1 ORDER BY at, seq', [family]);
      return rows.filter((r) => canSee(scope, { agencyIds: r.agency_ids, lens: lensOf(r.type, r.data) })).map((r) => r.id);
    };
    const idsSeen = async (family: string) => ((await timeline(agencyA, { order: 'asc', limit: 200 }, family).expect(200)).body as Page).items.map((i) => i.id);

    // Everything shared: every entry of its own, and the family-wide ones.
    const shared = randomUUID();
    await project(...journey(shared), consent(shared, 'permit', ['referral', 'plan'], [], 2));
    expect(await typesSeen(shared)).toEqual(['family.registered', 'consent.granted', 'referral.route.status-changed', 'plan.created', 'plan.action.assigned', 'delivery of plan', 'delivery of referral']);

    // The family then refuses the plan: the plans API refuses the plan, the referrals API still shows
    // the referral. So does the timeline now: the plan's entries and deliveries go, the rest stays.
    await project(consent(shared, 'deny', ['plan'], ['plan'], 8));
    expect(await typesSeen(shared)).toEqual(['family.registered', 'consent.granted', 'referral.route.status-changed', 'delivery of referral', 'consent.granted']);
    expect(await idsSeen(shared)).toEqual(await expectedFor(shared, { kind: 'agency', agencyId: AGENCY_A, lenses: ['referral'] }));

    // Consent for the plan only: the referrals API shows no referral, so neither does the timeline.
    const planOnly = randomUUID();
    await project(...journey(planOnly), consent(planOnly, 'permit', ['plan'], [], 2));
    expect(await typesSeen(planOnly)).toEqual(['family.registered', 'consent.granted', 'plan.created', 'plan.action.assigned', 'delivery of plan']);
    expect(await idsSeen(planOnly)).toEqual(await expectedFor(planOnly, { kind: 'agency', agencyId: AGENCY_A, lenses: ['plan'] }));

    // A refusal for the plan purpose, all categories: the plans API refuses, the referrals API does
    // not. The timeline used to judge all purposes at once and refused the whole family (404).
    const planRefused = randomUUID();
    await project(...journey(planRefused), consent(planRefused, 'permit', ['referral', 'plan'], [], 2), consent(planRefused, 'deny', ['plan'], [], 2.5));
    expect(await typesSeen(planRefused)).toEqual(['family.registered', 'consent.granted', 'consent.granted', 'referral.route.status-changed', 'delivery of referral']);

    // Coordinators see all of it.
    expect(((await timeline(coordinator, { limit: 200 }, planOnly).expect(200)).body as Page).items).toHaveLength(7);
  });

  it('rebuilds from the topics to the same timeline', async () => {
    const before = await readAll(coordinator, { order: 'asc', limit: 4 });
    const agencyBefore = await readAll(agencyA, { order: 'asc' });
    // Lose the family's projection first: only a replay from the topics can bring it back.
    await app.get<DataSource>(getDataSourceToken()).query('DELETE FROM timeline_entry WHERE family_id = $1', [FAMILY]);
    await timeline(coordinator).expect(404);
    const report = await app.get(TimelineRebuilder).rebuild({ timeoutMs: 90_000 });
    expect(report.eventsApplied).toBeGreaterThanOrEqual(before.length);
    expect(await readAll(coordinator, { order: 'asc', limit: 4 })).toEqual(before);
    expect(await readAll(agencyA, { order: 'asc' })).toEqual(agencyBefore);
  });
});
