import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CloudEvent, ConsentGrantedV1, ConsentWithdrawnV1, EventDefinition, NEEDS, PlanLevelChangedV1, SYSTEM_ACTOR, TOPICS, toKafkaHeaders } from '@tellonce/contracts';
import { createKafka, ServiceModule } from '@tellonce/messaging';
import { createServiceApp, ServiceConfig, validateConfig } from '@tellonce/platform';
import { createScratchDatabase, eventually, interleaveTransactions, startTestIssuer, statementsOf, testEnv, TestIssuer } from '@tellonce/testing';
import type { Consumer, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import request from 'supertest';
import { DEMO_DIRECTORY, DirectoryUseCases, REFERRALS_ENTITIES, REFERRALS_MIGRATIONS, ReferralsModule, seedDemoDirectory } from '../../src';
import { ReleaseRoutesWhenConsentIsGranted } from '../../src/handlers/release-routes-when-consent-is-granted.handler';
import { RaiseReferral } from '../../src/use-cases/referrals.use-cases';

const run = randomUUID().slice(0, 8);

interface Received {
  type: string;
  data: Record<string, unknown>;
}

interface RouteBody {
  id: string;
  agencyId: string;
  serviceId: string;
  needCodes: string[];
  status: string;
  reason?: string;
}

function cloudEvent<T>(definition: EventDefinition<T>, data: T, key: string): CloudEvent<T> {
  const id = randomUUID();
  return { specversion: '1.0', id, source: 'tellonce/consent', type: definition.type, time: new Date().toISOString(), datacontenttype: 'application/json', partitionkey: key, correlationid: id, data };
}

describe('referrals service', () => {
  let issuer: TestIssuer;
  let database: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let dataSource: DataSource;
  let producer: Producer;
  let observer: Consumer;
  const seen: Received[] = [];
  const familyIds = new Set<string>();
  const tokens: Record<string, string> = {};
  const http = () => request(app.getHttpServer());
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const count = async (table: string) => Number((await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const publish = async <T>(definition: EventDefinition<T>, data: T, familyId: string) => {
    const event = cloudEvent(definition, data, familyId);
    await producer.send({ topic: definition.topic, messages: [{ key: familyId, value: JSON.stringify(event.data), headers: toKafkaHeaders(event as CloudEvent) }] });
  };

  beforeAll(async () => {
    issuer = await startTestIssuer();
    database = await createScratchDatabase('referrals');
    const config = validateConfig(ServiceConfig, {
      ...process.env,
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testEnv.kafkaBrokers,
      AUTH_JWKS_URL: issuer.jwksUrl,
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
      LOG_LEVEL: 'warn',
    });
    // The composition of apps/referrals/src/app.module.ts (a lib may not import an app).
    const module = ServiceModule.forRoot({ serviceName: 'referrals', config, entities: REFERRALS_ENTITIES, migrations: REFERRALS_MIGRATIONS, imports: [ReferralsModule.forRoot({ seedDemoDirectory: false })] });
    app = await createServiceApp(module, { serviceName: 'referrals', port: 0 });
    await app.listen(0, '127.0.0.1');
    dataSource = app.get<DataSource>(getDataSourceToken());
    await seedDemoDirectory(app.get(DirectoryUseCases), dataSource);

    tokens.coordinator = await issuer.token({ role: 'coordinator', sub: `coord-${run}`, hubId: 'hub-north' });
    tokens.coordinatorEast = await issuer.token({ role: 'coordinator', sub: `coord-east-${run}`, hubId: 'hub-east' });
    tokens.admin = await issuer.token({ role: 'admin', sub: `admin-${run}` });
    tokens.midwife = await issuer.token({ role: 'practitioner', sub: `midwife-${run}`, agencyId: 'nhs-maternity' });
    tokens.midwife2 = await issuer.token({ role: 'practitioner', sub: `midwife2-${run}`, agencyId: 'nhs-maternity' });
    tokens.debt = await issuer.token({ role: 'agency-system', sub: `debt-${run}`, agencyId: 'citizens-advice-north' });
    tokens.housing = await issuer.token({ role: 'practitioner', sub: `housing-${run}`, agencyId: 'housing-options' });

    const kafka = createKafka(`referrals-test-${run}`, testEnv.kafkaBrokers);
    observer = kafka.consumer({ groupId: `referrals-test-observer-${run}` });
    await observer.connect();
    await observer.subscribe({ topics: [TOPICS.referrals, TOPICS.families, TOPICS.directory], fromBeginning: false });
    await observer.run({
      eachMessage: async ({ message }) => {
        const data = JSON.parse(message.value?.toString('utf8') ?? 'null') as Record<string, unknown>;
        if (familyIds.has(String(data?.familyId))) seen.push({ type: message.headers?.ce_type?.toString() ?? '', data });
      },
    });
    producer = kafka.producer();
    await producer.connect();
  }, 150_000);

  afterAll(async () => {
    await observer?.disconnect();
    await producer?.disconnect();
    await app?.close();
    await database?.drop();
    await issuer?.close();
  });

  describe('directory', () => {
    it('lists every need, and a service for every need at both hubs', async () => {
      const needs = await http().get('/v1/directory/needs').set(auth('midwife'));
      expect(needs.status).toBe(200);
      expect(needs.body).toEqual(NEEDS.map(({ code, label }) => ({ code, label })));
      for (const hubId of ['hub-north', 'np-east-school']) {
        const services = await http().get('/v1/directory/services').query({ hubId }).set(auth('coordinator'));
        const served = new Set(services.body.filter((s: { status: string; capacity: string }) => s.status === 'active' && s.capacity !== 'closed').flatMap((s: { needs: string[] }) => s.needs));
        expect(NEEDS.filter((n) => !served.has(n.code))).toEqual([]);
      }
      const debt = await http().get('/v1/directory/services').query({ need: 'debt-advice', hubId: 'np-north-library' }).set(auth('coordinator'));
      expect(debt.body.map((s: { capacity: string }) => s.capacity).sort()).toEqual(['closed', 'open', 'waitlist']);
      expect(debt.body[0]).toMatchObject({ organisation: { id: expect.any(String), name: expect.any(String) }, hubIds: ['hub-north', 'hub-east'] });
      const agencies = await http().get('/v1/directory/agencies').set(auth('coordinator'));
      expect(agencies.body.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(DEMO_DIRECTORY.agencies.map((a) => a.id)));
      expect(agencies.body).toContainEqual(expect.objectContaining({ id: 'childrens-social-care', kind: 'statutory' }));
      const hubs = await http().get('/v1/directory/hubs').set(auth('coordinator'));
      expect(hubs.body).toContainEqual({ id: 'np-east-school', name: expect.any(String), kind: 'network-point', parentHubId: 'hub-east' });
    });

    it('re-seeding stages nothing', async () => {
      const before = await count('outbox');
      expect(await seedDemoDirectory(app.get(DirectoryUseCases), dataSource)).toEqual({ agencies: 0, services: 0 });
      expect(await count('outbox')).toBe(before);
    });

    it('admin writes emit upsert events; others are refused', async () => {
      const id = `test-agency-${run}`;
      expect((await http().post('/v1/directory/agencies').set(auth('coordinator')).send({ id, name: 'X', kind: 'voluntary' })).status).toBe(403);
      const created = await http().post('/v1/directory/agencies').set(auth('admin')).send({ id, name: 'Test Agency', kind: 'voluntary' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id, name: 'Test Agency', kind: 'voluntary', active: true });
      expect((await http().post('/v1/directory/agencies').set(auth('admin')).send({ id, name: 'Again', kind: 'voluntary' })).status).toBe(409);
      const service = await http().post('/v1/directory/services').set(auth('admin')).send({ name: 'Test service', agencyId: id, needs: ['housing'], hubIds: ['hub-east'], capacity: 'waitlist' });
      expect(service.status).toBe(201);
      expect((await http().post('/v1/directory/services').set(auth('admin')).send({ name: 'Bad', agencyId: id, needs: ['astrology'], hubIds: ['hub-east'] })).status).toBe(400);
      expect((await http().post('/v1/directory/services').set(auth('admin')).send({ name: 'Bad', agencyId: id, needs: ['housing'], hubIds: ['hub-nowhere'] })).status).toBe(400);
      const patched = await http().patch(`/v1/directory/services/${service.body.id}`).set(auth('admin')).send({ capacity: 'closed' });
      expect(patched.status).toBe(200);
      expect(patched.body.capacity).toBe('closed');
      expect((await http().patch('/v1/directory/agencies/no-such-agency').set(auth('admin')).send({ active: false })).status).toBe(404);
      const staged = await dataSource.query(`SELECT type FROM outbox WHERE message_key = $1 ORDER BY seq`, [id]);
      expect(staged.map((r: { type: string }) => r.type)).toEqual(['tellonce.directory.agency-upserted.v1', 'tellonce.directory.service-upserted.v1', 'tellonce.directory.service-upserted.v1']);
    });
  });

  const familyBody = (extra: Record<string, unknown> = {}) => ({
    hubId: 'hub-north',
    members: [
      { givenName: 'Zoë', familyName: "O'Brien", dateOfBirth: '1994-03-12', relationship: 'parent', livesInHousehold: true, nhsNumber: '9434765919' },
      { givenName: 'Sam', familyName: 'Lee', dateOfBirth: '1990-07-01', relationship: 'partner', livesInHousehold: true },
      { givenName: 'Ava', familyName: "O'Brien", dateOfBirth: '2019-05-30', relationship: 'child', livesInHousehold: true },
      { givenName: 'Baby', familyName: "O'Brien", expectedDueDate: '2026-01-15', relationship: 'unborn', livesInHousehold: true },
    ],
    address: { postcode: 'NE1 4ST', line1: '1 High Street' },
    contact: { phone: '0191 000 0000', email: `zoe-${run}@example.org` },
    ...extra,
  });

  let family: { id: string; reference: string; members: { id: string; relationship: string }[] };
  let referral: { id: string; routes: RouteBody[]; needs: { id: string; code: string; routeId: string | null; unmet: boolean; personId?: string }[] };
  const routeOf = (agencyId: string) => referral.routes.find((r) => r.agencyId === agencyId)!;

  describe('families', () => {
    it('registers a family of four -> 201 with member ids and a reference', async () => {
      const res = await http().post('/v1/families').set(auth('coordinator')).send(familyBody());
      expect(res.status).toBe(201);
      expect(res.body.reference).toMatch(/^FAM-[2-9A-HJ-NP-Z]{5}$/);
      expect(res.body.members).toHaveLength(4);
      expect(res.body.members.every((m: { id: string }) => /^[0-9a-f-]{36}$/.test(m.id))).toBe(true);
      expect(res.body).toMatchObject({ hubId: 'hub-north', address: { postcode: 'NE1 4ST', line1: '1 High Street' }, possibleDuplicates: [] });
      family = res.body;
      familyIds.add(family.id);
      await eventually(async () => seen.find((e) => e.type === 'tellonce.family.registered.v1' && e.data.familyId === family.id), 60_000);
    });

    it('reports a likely duplicate (accents and punctuation ignored) without refusing it', async () => {
      const res = await http()
        .post('/v1/families')
        .set(auth('coordinator'))
        .send(familyBody({ hubId: 'hub-east', members: [{ givenName: 'zoe', familyName: 'OBrien', dateOfBirth: '1994-03-12', relationship: 'parent', livesInHousehold: true }], address: { postcode: 'LS1 1AA' } }));
      expect(res.status).toBe(201);
      expect(res.body.possibleDuplicates).toEqual([{ familyId: family.id, score: 0.8, reasons: ['name-and-date-of-birth'] }]);
      const search = await http().get('/v1/families').query({ q: 'obrien' }).set(auth('coordinator'));
      expect(search.status).toBe(200);
      expect(search.body.items.map((f: { id: string }) => f.id)).toEqual(expect.arrayContaining([family.id, res.body.id]));
      const byRef = await http().get('/v1/families').query({ q: family.reference.toLowerCase() }).set(auth('coordinator'));
      expect(byRef.body.items.map((f: { id: string }) => f.id)).toEqual([family.id]);
      expect(byRef.body.items[0].possibleDuplicates).toEqual([expect.objectContaining({ familyId: res.body.id })]);
      // By NHS number, with or without the card's spaces; a number nobody has finds nobody (not everyone).
      for (const q of ['9434765919', '943 476 5919']) {
        const byNhs = await http().get('/v1/families').query({ q }).set(auth('coordinator'));
        expect(byNhs.status).toBe(200);
        expect(byNhs.body.items.map((f: { id: string }) => f.id)).toContain(family.id);
        expect(byNhs.body.items.map((f: { id: string }) => f.id)).not.toContain(res.body.id);
      }
      expect((await http().get('/v1/families').query({ q: '4010232137' }).set(auth('coordinator'))).body.items).toEqual([]);
      const paged = await http().get('/v1/families').query({ limit: 1 }).set(auth('coordinator'));
      expect(paged.body.items).toHaveLength(1);
      expect(paged.body.nextCursor).toEqual(expect.any(String));
      const next = await http().get('/v1/families').query({ limit: 1, cursor: paged.body.nextCursor }).set(auth('coordinator'));
      expect(next.body.items[0].id).not.toBe(paged.body.items[0].id);
    });

    it.each([
      { name: 'unknown field', body: familyBody({ religion: 'x' }), field: 'religion' },
      { name: 'impossible date', body: familyBody({ members: [{ givenName: 'A', familyName: 'B', dateOfBirth: '2020-02-30', relationship: 'child', livesInHousehold: true }] }), field: 'members.0.dateOfBirth' },
      { name: 'non-ISO date', body: familyBody({ members: [{ givenName: 'A', familyName: 'B', dateOfBirth: '01/02/2020', relationship: 'child', livesInHousehold: true }] }), field: 'members.0.dateOfBirth' },
      { name: 'short NHS number', body: familyBody({ members: [{ givenName: 'A', familyName: 'B', nhsNumber: '12345', relationship: 'child', livesInHousehold: true }] }), field: 'members.0.nhsNumber' },
      { name: 'unknown relationship', body: familyBody({ members: [{ givenName: 'A', familyName: 'B', relationship: 'lodger', livesInHousehold: true }] }), field: 'members.0.relationship' },
      { name: 'unknown member field', body: familyBody({ members: [{ givenName: 'A', familyName: 'B', relationship: 'child', livesInHousehold: true, shoeSize: 3 }] }), field: 'members.0.shoeSize' },
      { name: 'unknown hub', body: familyBody({ hubId: 'hub-atlantis' }), field: 'hubId' },
      { name: 'date of birth in the future', body: familyBody({ members: [{ givenName: 'A', familyName: 'B', dateOfBirth: '9999-12-31', relationship: 'child', livesInHousehold: true }] }), field: 'members.0.dateOfBirth' },
      { name: 'date of birth in year 0000', body: familyBody({ members: [{ givenName: 'A', familyName: 'B', dateOfBirth: '0000-01-01', relationship: 'child', livesInHousehold: true }] }), field: 'members.0.dateOfBirth' },
      { name: 'due date in year 9999', body: familyBody({ members: [{ givenName: 'A', familyName: 'B', expectedDueDate: '9999-12-31', relationship: 'unborn', livesInHousehold: true }] }), field: 'members.0.expectedDueDate' },
      // An object missing, or sent inside an array, once reached the use case unchecked (a 500; contact [] was dropped).
      // JSON drops an undefined field: no address at all.
      { name: 'no address', body: familyBody({ address: undefined }), field: 'address' },
      { name: 'null address', body: familyBody({ address: null }), field: 'address' },
      { name: 'address in an array', body: familyBody({ address: [{ postcode: 'NE1 4ST' }] }), field: 'address' },
      { name: 'contact in an array', body: familyBody({ contact: [] }), field: 'contact' },
      { name: 'member in an array', body: familyBody({ members: [[{ givenName: 'A', familyName: 'B', relationship: 'child', livesInHousehold: true }]] }), field: 'members' },
    ])('$name -> 400, nothing stored', async ({ body, field }) => {
      const before = await count('family');
      const res = await http().post('/v1/families').set(auth('coordinator')).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await count('family')).toBe(before);
    });

    it('adds a member and reads the family back', async () => {
      const added = await http().post(`/v1/families/${family.id}/members`).set(auth('coordinator')).send({ givenName: 'Pat', familyName: 'Lee', relationship: 'grandparent', livesInHousehold: false });
      expect(added.status).toBe(201);
      const res = await http().get(`/v1/families/${family.id}`).set(auth('coordinator'));
      expect(res.status).toBe(200);
      expect(res.body.members.map((m: { relationship: string }) => m.relationship)).toEqual(['parent', 'partner', 'child', 'unborn', 'grandparent']);
      expect((await http().get(`/v1/families/${randomUUID()}`).set(auth('coordinator'))).status).toBe(404);
      expect((await http().post(`/v1/families/${randomUUID()}/members`).set(auth('coordinator')).send({ givenName: 'A', familyName: 'B', relationship: 'child', livesInHousehold: true })).status).toBe(404);
    });
  });

  describe('referrals', () => {
    const body = (extra: Record<string, unknown> = {}) => ({
      familyId: family.id,
      hubId: 'np-north-library',
      channel: 'network-point',
      story: 'Mum is expecting, money is tight and the landlord has served notice.',
      needs: [
        { code: 'midwifery', personId: family.members[0].id, urgency: 'urgent', notes: 'booking appointment missed' },
        { code: 'health-visiting', personId: family.members[2].id, urgency: 'routine' },
        { code: 'infant-feeding', urgency: 'routine' },
        { code: 'debt-advice', urgency: 'routine' },
        { code: 'housing', urgency: 'urgent' },
      ],
      ...extra,
    });

    it('routes five needs to four agencies (same agency shares a route), all awaiting consent', async () => {
      const res = await http().post('/v1/referrals').set(auth('coordinator')).send(body());
      expect(res.status).toBe(201);
      referral = res.body;
      expect(res.body).toMatchObject({ familyId: family.id, hubId: 'np-north-library', channel: 'network-point', status: 'open', unmetNeeds: [] });
      expect(res.body.reference).toMatch(/^REF-/);
      expect(res.body.routes.map((r: RouteBody) => [r.agencyId, r.serviceId, r.needCodes, r.status])).toEqual([
        ['nhs-maternity', 'community-midwifery', ['midwifery'], 'awaiting-consent'],
        ['nhs-community-health', 'health-visiting-0-5', ['health-visiting', 'infant-feeding'], 'awaiting-consent'],
        ['citizens-advice-north', 'debt-advice-north', ['debt-advice'], 'awaiting-consent'],
        ['housing-options', 'housing-options-advice', ['housing'], 'awaiting-consent'],
      ]);
      expect(res.body.routes.map((r: { urgency: string }) => r.urgency)).toEqual(['urgent', 'routine', 'routine', 'urgent']);
      expect(res.body.needs.map((n: { routeId: string }) => n.routeId)).toEqual([routeOf('nhs-maternity').id, routeOf('nhs-community-health').id, routeOf('nhs-community-health').id, routeOf('citizens-advice-north').id, routeOf('housing-options').id]);
      expect(res.body.needs[0]).toMatchObject({ code: 'midwifery', personId: family.members[0].id, urgency: 'urgent', notes: 'booking appointment missed', unmet: false });
      const raised = await eventually(async () => seen.find((e) => e.type === 'tellonce.referral.raised.v1' && e.data.referralId === referral.id), 60_000);
      expect(JSON.stringify(raised.data)).not.toContain('landlord');
    });

    it('records a need no service can take as unmet, visibly', async () => {
      expect((await http().patch('/v1/directory/services/youth-work').set(auth('admin')).send({ status: 'inactive' })).status).toBe(200);
      const res = await http().post('/v1/referrals').set(auth('coordinator')).send(body({ needs: [{ code: 'youth-services', urgency: 'routine' }, { code: 'debt-advice', urgency: 'routine' }] }));
      expect(res.status).toBe(201);
      expect(res.body.unmetNeeds).toEqual(['youth-services']);
      expect(res.body.needs.map((n: { unmet: boolean; routeId: string | null }) => [n.unmet, n.routeId === null])).toEqual([[true, true], [false, false]]);
      await http().patch('/v1/directory/services/youth-work').set(auth('admin')).send({ status: 'active' });
    });

    it.each([
      { name: 'unknown need code', patch: { needs: [{ code: 'astrology', urgency: 'routine' }] }, status: 400 },
      { name: 'bad channel', patch: { channel: 'carrier-pigeon' }, status: 400 },
      { name: 'unknown field', patch: { priority: 'high' }, status: 400 },
      { name: 'story over 20000 characters', patch: { story: 'x'.repeat(20_001) }, status: 400 },
      { name: 'person not in the family', patch: { needs: [{ code: 'housing', urgency: 'routine', personId: randomUUID() }] }, status: 400 },
      { name: 'no needs', patch: { needs: [] }, status: 400 },
      { name: 'need in an array', patch: { needs: [[{ code: 'housing', urgency: 'routine' }]] }, status: 400 },
      { name: 'unknown family', patch: { familyId: randomUUID() }, status: 404 },
      { name: '3 MB story', patch: { story: 'x'.repeat(3 * 1024 * 1024) }, status: 413 },
    ])('$name -> $status and nothing is created', async ({ patch, status }) => {
      const before = await Promise.all(['referral', 'referral_route', 'referral_need'].map(count));
      const res = await http().post('/v1/referrals').set(auth('coordinator')).send(body(patch));
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(await Promise.all(['referral', 'referral_route', 'referral_need'].map(count))).toEqual(before);
    });
  });

  describe('release by consent, scoped reads and the closed loop', () => {
    let consentId: string;

    it('an agency sees nothing before consent (404) and a coordinator sees everything', async () => {
      expect((await http().get(`/v1/referrals/${referral.id}`).set(auth('midwife'))).status).toBe(404);
      expect((await http().get(`/v1/families/${family.id}`).set(auth('midwife'))).status).toBe(404);
      expect((await http().get('/v1/referrals').set(auth('midwife'))).body).toEqual({ items: [], nextCursor: null });
      const full = await http().get(`/v1/referrals/${referral.id}`).set(auth('coordinator'));
      expect(full.status).toBe(200);
      expect(full.body.routes).toHaveLength(4);
      expect(full.body.story).toContain('landlord');
      const denied = await dataSource.query(`SELECT 1 FROM outbox WHERE type = 'tellonce.audit.recorded.v1' AND data->>'outcome' = 'denied' AND data->>'familyId' = $1 AND data->'actor'->>'sub' = $2`, [family.id, `midwife-${run}`]);
      expect(denied.length).toBeGreaterThanOrEqual(2);
    });

    it('ConsentGrantedV1 on the consent topic releases that agency routes to requested', async () => {
      consentId = randomUUID();
      await publish(
        ConsentGrantedV1,
        { consentId, familyId: family.id, decision: 'permit', subjectPersonIds: [family.members[0].id], agencyIds: ['nhs-maternity', 'citizens-advice-north'], purposes: ['referral'], dataCategories: ['needs'], method: 'verbal', actor: { sub: `coord-${run}`, role: 'coordinator' } },
        family.id,
      );
      await eventually(async () => {
        const res = await http().get(`/v1/referrals/${referral.id}`).set(auth('coordinator'));
        const statuses = Object.fromEntries(res.body.routes.map((r: RouteBody) => [r.agencyId, r.status]));
        return statuses['nhs-maternity'] === 'requested' && statuses['citizens-advice-north'] === 'requested' ? statuses : null;
      }, 90_000);
      const full = await http().get(`/v1/referrals/${referral.id}`).set(auth('coordinator'));
      expect(full.body.routes.filter((r: RouteBody) => r.status === 'awaiting-consent').map((r: RouteBody) => r.agencyId)).toEqual(['nhs-community-health', 'housing-options']);
      const changed = await eventually(async () => seen.find((e) => e.type === 'tellonce.referral.route.status-changed.v1' && e.data.routeId === routeOf('nhs-maternity').id && e.data.to === 'requested'), 60_000);
      expect(changed.data).toMatchObject({ from: 'awaiting-consent', to: 'requested', reason: 'consent-granted', actor: { sub: 'system', role: 'system' } });
    });

    it('the agency now sees only its own route and needs, no story (not shared), minimised family', async () => {
      const res = await http().get(`/v1/referrals/${referral.id}`).set(auth('midwife'));
      expect(res.status).toBe(200);
      expect(res.body.routes.map((r: RouteBody) => r.agencyId)).toEqual(['nhs-maternity']);
      expect(res.body.needs.map((n: { code: string }) => n.code)).toEqual(['midwifery']);
      expect(res.body).not.toHaveProperty('story');
      expect(res.body).not.toHaveProperty('contact');
      expect(res.body).not.toHaveProperty('unmetNeeds');
      const list = await http().get('/v1/referrals').set(auth('midwife'));
      expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([referral.id]);
      expect(list.body.items[0].routes).toHaveLength(1);
      expect((await http().get('/v1/referrals').query({ agencyId: 'housing-options' }).set(auth('midwife'))).body.items).toEqual([]);
      // By status: an agency's own route status (its work queue), or its route's open/closed.
      const ids = async (who: string, query: Record<string, string>) => ((await http().get('/v1/referrals').query(query).set(auth(who))).body.items as { id: string }[]).map((r) => r.id);
      expect(await ids('midwife', { status: 'requested' })).toEqual([referral.id]);
      expect(await ids('midwife', { status: 'open' })).toEqual([referral.id]);
      expect(await ids('midwife', { status: 'accepted' })).toEqual([]);
      expect(await ids('midwife', { status: 'closed' })).toEqual([]);
      // A coordinator: referrals with any route in that status, or with that agency's route in it.
      const asCoordinator = { familyId: family.id };
      expect(await ids('coordinator', { ...asCoordinator, status: 'awaiting-consent' })).toEqual([referral.id]);
      expect(await ids('coordinator', { ...asCoordinator, status: 'requested', agencyId: 'nhs-maternity' })).toEqual([referral.id]);
      expect(await ids('coordinator', { ...asCoordinator, status: 'requested', agencyId: 'housing-options' })).toEqual([]);
      expect(await ids('coordinator', { ...asCoordinator, status: 'completed' })).toEqual([]);
      // A coordinator's worklist is its hub's: the referral raised at a north network point is not
      // in the east hub's list, but anyone at a hub sees it on the family's own page.
      expect(await ids('coordinator', { limit: '100' })).toContain(referral.id);
      expect(await ids('coordinatorEast', { limit: '100' })).not.toContain(referral.id);
      expect(await ids('coordinatorEast', { familyId: family.id })).toContain(referral.id);
      const bad = await http().get('/v1/referrals').query({ status: 'pending' }).set(auth('coordinator'));
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
      const fam = await http().get(`/v1/families/${family.id}`).set(auth('midwife'));
      expect(fam.status).toBe(200);
      expect(fam.body).not.toHaveProperty('contact');
      expect(JSON.stringify(fam.body)).not.toContain('9434765919');
      expect((await http().get(`/v1/referrals/${referral.id}`).set(auth('housing'))).status).toBe(404);
    });

    it('an agency cannot move another agency route (404), nor a coordinator accept, nor the agency cancel (403)', async () => {
      const url = `/v1/referrals/${referral.id}/routes/${routeOf('nhs-maternity').id}/transitions`;
      expect((await http().post(url).set(auth('debt')).send({ to: 'accepted' })).status).toBe(404);
      expect((await http().post(url).set(auth('housing')).send({ to: 'accepted' })).status).toBe(404);
      const asCoordinator = await http().post(url).set(auth('coordinator')).send({ to: 'accepted' });
      expect(asCoordinator.status).toBe(403);
      expect(asCoordinator.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await http().post(url).set(auth('midwife')).send({ to: 'cancelled' })).status).toBe(403);
      expect((await http().post(url).set(auth('midwife')).send({ to: 'completed' })).status).toBe(409);
      expect((await http().post(url).set(auth('midwife')).send({ to: 'rejected' })).status).toBe(400);
      expect((await http().post(`/v1/referrals/${referral.id}/routes/${randomUUID()}/transitions`).set(auth('midwife')).send({ to: 'accepted' })).status).toBe(404);
      const awaiting = `/v1/referrals/${referral.id}/routes/${routeOf('housing-options').id}/transitions`;
      expect((await http().post(awaiting).set(auth('housing')).send({ to: 'accepted' })).status).toBe(404);
    });

    it('two simultaneous accepts -> exactly one 200 and one 409', async () => {
      const url = `/v1/referrals/${referral.id}/routes/${routeOf('nhs-maternity').id}/transitions`;
      const results = await Promise.all([http().post(url).set(auth('midwife')).send({ to: 'accepted' }), http().post(url).set(auth('midwife2')).send({ to: 'accepted' })]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      expect(winner.body).toMatchObject({ id: routeOf('nhs-maternity').id, status: 'accepted' });
      const history = await dataSource.query('SELECT from_status, to_status FROM route_history WHERE route_id = $1 ORDER BY seq', [routeOf('nhs-maternity').id]);
      expect(history).toEqual([{ from_status: 'awaiting-consent', to_status: 'requested' }, { from_status: 'requested', to_status: 'accepted' }]);
    });

    it('the debt agency closes its loop: accept, progress, complete with an outcome', async () => {
      const url = `/v1/referrals/${referral.id}/routes/${routeOf('citizens-advice-north').id}/transitions`;
      for (const to of ['accepted', 'in-progress', 'on-hold', 'in-progress']) {
        expect((await http().post(url).set(auth('debt')).send({ to })).status).toBe(200);
      }
      const done = await http().post(url).set(auth('debt')).send({ to: 'completed', outcome: 'repayment plan agreed' });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'completed', outcome: 'repayment plan agreed' });
    });

    it('ConsentWithdrawnV1 cancels open routes (reason consent-withdrawn), leaves completed ones, and cuts access', async () => {
      await publish(ConsentWithdrawnV1, { consentId, familyId: family.id, agencyIds: ['nhs-maternity', 'citizens-advice-north'], agencyIdsNoLongerPermitted: ['nhs-maternity', 'citizens-advice-north'], actor: { sub: `coord-${run}`, role: 'coordinator' } }, family.id);
      const routes = await eventually(async () => {
        const res = await http().get(`/v1/referrals/${referral.id}`).set(auth('coordinator'));
        const maternity = res.body.routes.find((r: RouteBody) => r.agencyId === 'nhs-maternity');
        return maternity.status === 'cancelled' ? (res.body.routes as RouteBody[]) : null;
      }, 90_000);
      expect(routes.find((r) => r.agencyId === 'nhs-maternity')).toMatchObject({ status: 'cancelled', reason: 'consent-withdrawn' });
      expect(routes.find((r) => r.agencyId === 'citizens-advice-north')).toMatchObject({ status: 'completed', outcome: 'repayment plan agreed' });
      expect((await http().get(`/v1/referrals/${referral.id}`).set(auth('midwife'))).status).toBe(404);
      const cancelled = await eventually(async () => seen.find((e) => e.type === 'tellonce.referral.route.status-changed.v1' && e.data.routeId === routeOf('nhs-maternity').id && e.data.to === 'cancelled'), 60_000);
      expect(cancelled.data).toMatchObject({ from: 'accepted', reason: 'consent-withdrawn', actor: { role: 'system' } });
    });

    it('a referral raised after consent starts its permitted routes in requested', async () => {
      await publish(
        ConsentGrantedV1,
        { consentId: randomUUID(), familyId: family.id, decision: 'permit', subjectPersonIds: [], agencyIds: ['housing-options'], purposes: ['referral'], dataCategories: ['story', 'contact', 'needs'], method: 'written', actor: { sub: `coord-${run}`, role: 'coordinator' } },
        family.id,
      );
      await eventually(async () => {
        const res = await http().get(`/v1/referrals/${referral.id}`).set(auth('housing'));
        return res.status === 200;
      }, 90_000);
      const housingView = await http().get(`/v1/referrals/${referral.id}`).set(auth('housing'));
      expect(housingView.body.story).toContain('landlord');
      expect(housingView.body.contact).toEqual({ phone: '0191 000 0000', email: `zoe-${run}@example.org` });
      const res = await http().post('/v1/referrals').set(auth('coordinator')).send({ familyId: family.id, hubId: 'hub-north', channel: 'phone', story: 'Rent arrears again.', needs: [{ code: 'housing', urgency: 'urgent' }, { code: 'camhs', urgency: 'routine' }] });
      expect(res.status).toBe(201);
      expect(res.body.routes.map((r: RouteBody) => [r.agencyId, r.status])).toEqual([
        ['housing-options', 'requested'],
        ['camhs', 'awaiting-consent'],
      ]);
      // Released as a consent event would have released it: version 2, a history row, and the raise
      // (every route awaiting consent) followed by the route's own status change, in that order.
      const [housing, camhs] = res.body.routes as (RouteBody & { id: string; version: number })[];
      expect([housing.version, camhs.version]).toEqual([2, 1]);
      const history = await dataSource.query('SELECT route_id, from_status, to_status, actor, reason FROM route_history WHERE route_id = ANY($1::uuid[]) ORDER BY seq', [[housing.id, camhs.id]]);
      expect(history).toEqual([{ route_id: housing.id, from_status: 'awaiting-consent', to_status: 'requested', actor: { sub: 'system', role: 'system' }, reason: 'consent-granted' }]);
      const released = await eventually(async () => seen.find((e) => e.type === 'tellonce.referral.route.status-changed.v1' && e.data.routeId === housing.id), 60_000);
      expect(released.data).toMatchObject({ referralId: res.body.id, agencyId: 'housing-options', from: 'awaiting-consent', to: 'requested', reason: 'consent-granted', actor: { role: 'system' } });
      const ofThisReferral = seen.filter((e) => e.data.referralId === res.body.id).map((e) => e.type);
      expect(ofThisReferral).toEqual(['tellonce.referral.raised.v1', 'tellonce.referral.route.status-changed.v1']);
      const raisedEvent = seen.find((e) => e.type === 'tellonce.referral.raised.v1' && e.data.referralId === res.body.id)!;
      expect((raisedEvent.data.routes as { status: string }[]).map((r) => r.status)).toEqual(['awaiting-consent', 'awaiting-consent']);
      const stored = await dataSource.query('SELECT status, version FROM referral_route WHERE id = $1', [housing.id]);
      expect(stored).toEqual([{ status: 'requested', version: 2 }]);
    });

    it('raising a referral takes the same few round trips however many needs and releases it has', async () => {
      // The intake context (with the sharing lock), the sharing view, one write of everything, the
      // outbox rows: four statements inside the transaction, for three needs and a released route.
      let statements: string[] = [];
      await dataSource.transaction(async (m) => {
        statements = statementsOf(m);
        const view = await app.get(RaiseReferral).raise(m, null, SYSTEM_ACTOR, {
          familyId: family.id,
          hubId: 'hub-north',
          channel: 'phone',
          story: 'Three needs at once.',
          needs: [{ code: 'housing', urgency: 'urgent' }, { code: 'camhs', urgency: 'routine' }, { code: 'debt-advice', urgency: 'routine' }],
        });
        expect(view.routes.map((r) => [r.agencyId, r.status])).toEqual([
          ['housing-options', 'requested'],
          ['camhs', 'awaiting-consent'],
          [expect.any(String), 'awaiting-consent'],
        ]);
      });
      expect(statements.filter((sql) => !/^(START TRANSACTION|COMMIT)/.test(sql))).toHaveLength(4);
    });

    it('a coordinator may cancel an open route; the referral closes when all routes are terminal', async () => {
      const res = await http().post('/v1/referrals').set(auth('coordinator')).send({ familyId: family.id, hubId: 'hub-east', channel: 'hub-desk', story: 'One need.', needs: [{ code: 'send', urgency: 'routine' }] });
      const url = `/v1/referrals/${res.body.id}/routes/${res.body.routes[0].id}/transitions`;
      const cancelled = await http().post(url).set(auth('coordinator')).send({ to: 'cancelled', reason: 'raised in error' });
      expect(cancelled.status).toBe(200);
      expect((await http().get(`/v1/referrals/${res.body.id}`).set(auth('coordinator'))).body.status).toBe('closed');
      expect((await http().post(url).set(auth('coordinator')).send({ to: 'cancelled' })).status).toBe(409);
    });
  });

  it('a consent event handled while a referral is being raised still releases its routes', async () => {
    // Consent and referrals arrive on different paths; the raise reads "not permitted yet" and the
    // consent handler looks for routes to release before the raise has committed them.
    const created = await http().post('/v1/families').set(auth('coordinator')).send(familyBody({ members: [{ givenName: 'Rae', familyName: `Race${run}`, relationship: 'parent', livesInHousehold: true }] }));
    expect(created.status).toBe(201);
    const familyId: string = created.body.id;
    const consent = cloudEvent(ConsentGrantedV1, { consentId: randomUUID(), familyId, decision: 'permit', subjectPersonIds: [], agencyIds: ['housing-options'], purposes: ['referral'], dataCategories: ['needs'], method: 'verbal', actor: { sub: `coord-${run}`, role: 'coordinator' } }, familyId);
    let raised: { id: string; routes: { status: string }[] } | undefined;
    await interleaveTransactions(
      dataSource,
      async (manager) => {
        raised = await app.get(RaiseReferral).raise(manager, null, SYSTEM_ACTOR, { familyId, hubId: 'hub-north', channel: 'phone', story: 'Notice to quit.', needs: [{ code: 'housing', urgency: 'urgent' }] });
      },
      (manager) => app.get(ReleaseRoutesWhenConsentIsGranted).handle(consent, manager),
    );
    expect(raised?.routes.map((r) => r.status)).toEqual(['awaiting-consent']);
    const after = await http().get(`/v1/referrals/${raised?.id}`).set(auth('coordinator'));
    expect(after.body.routes.map((r: RouteBody) => [r.agencyId, r.status, r.reason])).toEqual([['housing-options', 'requested', 'consent-granted']]);
  });

  it('an agency pages through only the referrals it may see, each once, newest first', async () => {
    const raised: { familyId: string; referralId: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const fam = await http().post('/v1/families').set(auth('coordinator')).send(familyBody({ members: [{ givenName: `Pager${'ABC'[i]}`, familyName: `Run${run.replace(/\d/g, '')}`, relationship: 'parent', livesInHousehold: true }] }));
      expect(fam.status).toBe(201);
      const ref = await http().post('/v1/referrals').set(auth('coordinator')).send({ familyId: fam.body.id, hubId: 'hub-north', channel: 'phone', story: 'Expecting.', needs: [{ code: 'midwifery', urgency: 'routine' }] });
      expect(ref.status).toBe(201);
      raised.push({ familyId: fam.body.id, referralId: ref.body.id });
    }
    // Consent for the first and the last family only: the middle one stays out of the agency's pages.
    for (const { familyId } of [raised[0], raised[2]]) {
      await publish(ConsentGrantedV1, { consentId: randomUUID(), familyId, decision: 'permit', subjectPersonIds: [], agencyIds: ['nhs-maternity'], purposes: ['referral'], dataCategories: ['needs'], method: 'verbal', actor: { sub: `coord-${run}`, role: 'coordinator' } }, familyId);
    }
    const pages = async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let n = 0; n < 50; n++) {
        const res = await http().get('/v1/referrals').query({ limit: 1, ...(cursor ? { cursor } : {}) }).set(auth('midwife'));
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((r: { id: string }) => r.id));
        if (!res.body.nextCursor) return seen;
        cursor = res.body.nextCursor;
      }
      throw new Error('no end to the pages');
    };
    const seen = await eventually(async () => {
      const ids = await pages();
      return ids.includes(raised[0].referralId) && ids.includes(raised[2].referralId) ? ids : null;
    }, 60_000);
    expect(seen).not.toContain(raised[1].referralId);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.indexOf(raised[2].referralId)).toBeLessThan(seen.indexOf(raised[0].referralId));
  });

  it('an agency routed more families than one statement can name still gets its page (a list once named every permitted family)', async () => {
    // 70,000 permitted families for one agency, written straight into the tables: past PostgreSQL's
    // 65,535 parameters per statement, and far more than a page needs deciding.
    const agencyId = `ag-bulk-${run}`;
    const families = 70_000;
    await dataSource.query(
      `INSERT INTO family (id, reference, hub_id, postcode, postcode_key)
       SELECT md5($1 || g)::uuid, 'BULK-' || $1 || '-' || g, 'hub-north', 'NE1 4ST', 'NE14ST' FROM generate_series(1, $2) g`,
      [run, families],
    );
    await dataSource.query(
      `INSERT INTO referral (id, reference, family_id, hub_id, channel, story, status, raised_by)
       SELECT md5('r' || $1 || g)::uuid, 'REF-BULK-' || $1 || '-' || g, md5($1 || g)::uuid, 'hub-north', 'phone', 'Bulk.', 'open', '{"sub":"bulk","role":"coordinator"}'
       FROM generate_series(1, $2) g ORDER BY g`,
      [run, families],
    );
    await dataSource.query(
      `INSERT INTO referral_route (id, referral_id, family_id, position, agency_id, service_id, need_codes, urgency, status)
       SELECT md5('x' || $1 || g)::uuid, md5('r' || $1 || g)::uuid, md5($1 || g)::uuid, 0, $3, 'bulk-service', '{midwifery}', 'routine', 'requested' FROM generate_series(1, $2) g`,
      [run, families, agencyId],
    );
    await dataSource.query(
      `INSERT INTO consent_record_view (id, family_id, decision, subject_person_ids, agency_ids, purposes, data_categories, status, recorded_at)
       SELECT 'bulk-' || $1 || '-' || g, md5($1 || g)::uuid, 'permit', '{}', ARRAY[$3], '{referral}', '{needs}', 'active', now() FROM generate_series(1, $2) g`,
      [run, families, agencyId],
    );
    const bulkAgency = await issuer.token({ role: 'practitioner', sub: `bulk-${run}`, agencyId });
    const res = await http().get('/v1/referrals').query({ limit: 5 }).set({ Authorization: `Bearer ${bulkAgency}` });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { reference: string }) => r.reference)).toEqual([70_000, 69_999, 69_998, 69_997, 69_996].map((g) => `REF-BULK-${run}-${g}`));
    expect(res.body.nextCursor).toEqual(expect.any(String));
  }, 120_000);

  it('a plan stepping up to specialist opens a social-care route for the family', async () => {
    const planId = randomUUID();
    await publish(PlanLevelChangedV1, { planId, familyId: family.id, from: 'targeted', to: 'specialist', leadAgencyId: 'early-help-team', actor: { sub: `coord-${run}`, role: 'coordinator' } }, family.id);
    const stepped = await eventually(async () => {
      const res = await http().get('/v1/referrals').query({ familyId: family.id, limit: 100 }).set(auth('coordinator'));
      return res.body.items.find((r: { planId?: string }) => r.planId === planId);
    }, 90_000);
    expect(stepped).toMatchObject({ channel: 'partner-agency', familyId: family.id, unmetNeeds: [] });
    expect(stepped.routes.map((r: RouteBody) => [r.agencyId, r.needCodes])).toEqual([['childrens-social-care', ['social-care']]]);

    // Stepping down and up again while that route is open: it carries on, no second route.
    const stepUp = (seconds: string) =>
      publish(PlanLevelChangedV1, { planId, familyId: family.id, from: 'targeted', to: 'specialist', leadAgencyId: 'early-help-team', actor: { sub: `coord-${run}-${seconds}`, role: 'coordinator' } }, family.id);
    const stepUpReferrals = async () =>
      ((await http().get('/v1/referrals').query({ familyId: family.id, limit: 100 }).set(auth('coordinator'))).body.items as { id: string; planId?: string; routes: RouteBody[] }[]).filter((r) => r.planId === planId);
    await stepUp('again');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stepUpReferrals()).toHaveLength(1);

    // Once social care closes it (here the coordinator cancels), the next escalation opens a new route.
    const route = stepped.routes[0] as RouteBody & { id: string };
    await http().post(`/v1/referrals/${stepped.id}/routes/${route.id}/transitions`).set(auth('coordinator')).send({ to: 'cancelled', reason: 'stepped-down' }).expect(200);
    await stepUp('third');
    const both = await eventually(async () => {
      const found = await stepUpReferrals();
      return found.length === 2 ? found : undefined;
    }, 90_000);
    const statuses = both.map((r) => r.routes.map((rt) => rt.status)).flat();
    expect(statuses).toHaveLength(2);
    expect(statuses.filter((s) => s === 'cancelled')).toHaveLength(1);
    expect(statuses.filter((s) => ['awaiting-consent', 'requested'].includes(s))).toHaveLength(1);
  });
});
