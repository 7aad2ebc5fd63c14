import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { AgencyUpsertedV1, AuditRecordedData, CloudEvent, EventDefinition, FamilyMemberAddedV1, FamilyRegisteredV1, TOPICS, toKafkaHeaders } from '@tellonce/contracts';
import { createKafka, KafkaEventConsumer, ServiceModule } from '@tellonce/messaging';
import { createServiceApp, ServiceConfig, validateConfig } from '@tellonce/platform';
import { createScratchDatabase, eventually, startTestIssuer, statementsOf, testEnv, TestIssuer } from '@tellonce/testing';
import type { Consumer, Producer } from 'kafkajs';
import { Client } from 'pg';
import request from 'supertest';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditLogService, Clock, CONSENT_ENTITIES, CONSENT_MIGRATIONS, ConsentExpiryService, ConsentModule } from '../../src';

const run = randomUUID().slice(0, 8);
const FAMILY = randomUUID();
const UNKNOWN_FAMILY = randomUUID();
const MUM = randomUUID();
const CHILD = randomUUID();
const LATE_MEMBER = randomUUID();
const STRANGER = randomUUID();
const AGENCY_A = `ag-a-${run}`;
const AGENCY_B = `ag-b-${run}`;
const AGENCY_C = `ag-c-${run}`;
const AGENCY_CLOSED = `ag-closed-${run}`;

/** Real time plus an offset the test moves forward. */
class ManualClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

interface Received {
  type: string;
  data: Record<string, unknown>;
}

function cloudEvent<T>(definition: EventDefinition<T>, data: T, key: string): CloudEvent<T> {
  const id = randomUUID();
  return { specversion: '1.0', id, source: 'tellonce/referrals', type: definition.type, time: new Date().toISOString(), datacontenttype: 'application/json', partitionkey: key, correlationid: id, data };
}

describe('consent service', () => {
  let issuer: TestIssuer;
  let database: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  let producer: Producer;
  let observer: Consumer;
  let db: Client;
  const clock = new ManualClock();
  const seen: Received[] = [];
  const tokens: Record<string, string> = {};
  const http = () => request(app.getHttpServer());
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const eventOf = (type: string, predicate: (data: Record<string, unknown>) => boolean) =>
    eventually(async () => seen.find((e) => e.type === type && predicate(e.data)), 60_000);

  const validConsent = (extra: Record<string, unknown> = {}) => ({
    subjectPersonIds: [MUM, CHILD],
    grantedByPersonId: MUM,
    decision: 'permit',
    agencyIds: [AGENCY_A, AGENCY_C],
    purposes: ['referral'],
    method: 'verbal',
    ...extra,
  });

  beforeAll(async () => {
    issuer = await startTestIssuer();
    database = await createScratchDatabase('consent');
    const config = validateConfig(ServiceConfig, {
      ...process.env,
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testEnv.kafkaBrokers,
      AUTH_JWKS_URL: issuer.jwksUrl,
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
      LOG_LEVEL: 'warn',
    });
    // The same composition as apps/consent/src/app.module.ts (a lib may not import an app), with the
    // timer off (the test calls the sweep) and a clock the test moves.
    const module = ServiceModule.forRoot({
      serviceName: 'consent',
      config,
      entities: CONSENT_ENTITIES,
      migrations: CONSENT_MIGRATIONS,
      imports: [ConsentModule.forRoot({ expirySweepMs: 0, clock })],
    });
    app = await createServiceApp(module, { serviceName: 'consent', port: 0 });
    await app.listen(0, '127.0.0.1');

    tokens.coordinator = await issuer.token({ role: 'coordinator', sub: `coord-${run}`, hubId: 'hub-1' });
    tokens.practitionerA = await issuer.token({ role: 'practitioner', sub: `pract-${run}`, agencyId: AGENCY_A });
    tokens.practitionerC = await issuer.token({ role: 'practitioner', sub: `pract-c-${run}`, agencyId: AGENCY_C });
    tokens.lead = await issuer.token({ role: 'safeguarding-lead', sub: `lead-${run}` });
    tokens.auditor = await issuer.token({ role: 'auditor', sub: `auditor-${run}` });

    const kafka = createKafka(`consent-test-${run}`, testEnv.kafkaBrokers);
    observer = kafka.consumer({ groupId: `consent-test-observer-${run}` });
    await observer.connect();
    await observer.subscribe({ topics: [TOPICS.consent], fromBeginning: true });
    await observer.run({
      eachMessage: async ({ message }) => {
        const data = JSON.parse(message.value?.toString('utf8') ?? 'null') as Record<string, unknown>;
        if (data?.familyId === FAMILY) seen.push({ type: message.headers?.ce_type?.toString() ?? '', data });
      },
    });

    producer = kafka.producer();
    await producer.connect();
    const registered = cloudEvent(
      FamilyRegisteredV1,
      {
        familyId: FAMILY,
        reference: 'FAM-TEST1',
        hubId: 'hub-1',
        members: [
          { personId: MUM, relationship: 'parent', livesInHousehold: true },
          { personId: CHILD, relationship: 'child', livesInHousehold: true },
        ],
        actor: { sub: 'coord', role: 'coordinator' },
      },
      FAMILY,
    );
    const memberAdded = cloudEvent(FamilyMemberAddedV1, { familyId: FAMILY, personId: LATE_MEMBER, relationship: 'grandparent', livesInHousehold: false, actor: { sub: 'coord', role: 'coordinator' } }, FAMILY);
    for (const event of [registered, memberAdded]) {
      await producer.send({ topic: TOPICS.families, messages: [{ key: FAMILY, value: JSON.stringify(event.data), headers: toKafkaHeaders(event) }] });
    }

    // The directory view is fed by the directory topic (keyed by agency id).
    for (const [agencyId, active] of [[AGENCY_A, true], [AGENCY_B, true], [AGENCY_C, true], [AGENCY_CLOSED, false]] as const) {
      const upserted = cloudEvent(AgencyUpsertedV1, { agencyId, name: `Agency ${agencyId}`, kind: 'voluntary', active }, agencyId);
      await producer.send({ topic: TOPICS.directory, messages: [{ key: agencyId, value: JSON.stringify(upserted.data), headers: toKafkaHeaders(upserted) }] });
    }

    db = new Client({ connectionString: database.url });
    await db.connect();
    // The family view is fed by the families topic: wait until the late member has arrived too.
    await eventually(async () => (await db.query('SELECT 1 FROM known_family_members WHERE family_id = $1 AND person_id = $2', [FAMILY, LATE_MEMBER])).rowCount, 90_000);
    await eventually(async () => (await db.query('SELECT 1 FROM known_agencies WHERE agency_id = $1', [AGENCY_CLOSED])).rowCount, 90_000);
  }, 150_000);

  afterAll(async () => {
    await observer?.disconnect();
    await producer?.disconnect();
    await db?.end();
    await app?.close();
    await database?.drop();
    await issuer?.close();
  });

  const countRecords = async () => Number((await db.query('SELECT count(*) FROM consent_records WHERE family_id = $1', [FAMILY])).rows[0].count);

  describe('invalid input is rejected and nothing is stored', () => {
    it.each([
      { name: 'unknown field', body: validConsent({ notes: 'x' }), field: 'notes' },
      { name: 'empty agencyIds', body: validConsent({ agencyIds: [] }), field: 'agencyIds' },
      { name: 'bad method', body: validConsent({ method: 'telepathy' }), field: 'method' },
      { name: 'empty subjectPersonIds', body: validConsent({ subjectPersonIds: [] }), field: 'subjectPersonIds' },
      { name: 'subject not a uuid', body: validConsent({ subjectPersonIds: ['mum'] }), field: 'subjectPersonIds' },
      { name: 'unknown data category', body: validConsent({ dataCategories: ['finances'] }), field: 'dataCategories' },
      { name: 'unknown purpose', body: validConsent({ purposes: ['marketing'] }), field: 'purposes' },
      { name: 'expiry is a bare date', body: validConsent({ expiresAt: '2999-01-01' }), field: 'expiresAt' },
      { name: 'expiry in the past', body: validConsent({ expiresAt: '2001-01-01T00:00:00Z' }), field: 'expiresAt' },
      // A real instant: 30 February was stored as 2 March; month 13 and hour 25 were 500s.
      { name: 'expiry on 30 February', body: validConsent({ expiresAt: '2030-02-30T00:00:00Z' }), field: 'expiresAt' },
      { name: 'expiry in month 13', body: validConsent({ expiresAt: '2030-13-45T00:00:00Z' }), field: 'expiresAt' },
      { name: 'expiry at hour 25', body: validConsent({ expiresAt: '2030-01-01T25:00:00Z' }), field: 'expiresAt' },
      { name: 'subject not in the family', body: validConsent({ subjectPersonIds: [MUM, STRANGER] }), field: 'subjectPersonIds' },
      { name: 'grantor not in the family', body: validConsent({ grantedByPersonId: STRANGER }), field: 'grantedByPersonId' },
      { name: 'an agency the directory does not have', body: validConsent({ agencyIds: [AGENCY_A, `no-such-agency-${run}`] }), field: 'agencyIds' },
      { name: 'an agency the directory has closed', body: validConsent({ agencyIds: [AGENCY_CLOSED] }), field: 'agencyIds' },
    ])('$name -> 400', async ({ body, field }) => {
      const res = await http().post(`/v1/families/${FAMILY}/consents`).set(auth('coordinator')).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(JSON.stringify(res.body)).not.toContain(STRANGER);
      expect(await countRecords()).toBe(0);
    });

    it('unknown family -> 404', async () => {
      const res = await http().post(`/v1/families/${UNKNOWN_FAMILY}/consents`).set(auth('coordinator')).send(validConsent());
      expect(res.status).toBe(404);
    });

    it('an id that is not a UUID names nothing: 404 like an unknown one, not 400 (consents, their list, withdrawal, overrides)', async () => {
      expect((await http().post('/v1/families/not-a-uuid/consents').set(auth('coordinator')).send(validConsent())).status).toBe(404);
      expect((await http().get('/v1/families/not-a-uuid/consents').set(auth('coordinator'))).status).toBe(404);
      expect((await http().post('/v1/consents/not-a-uuid/withdraw').set(auth('coordinator')).send({})).status).toBe(404);
      const override = await http().post('/v1/families/not-a-uuid/safeguarding-overrides').set(auth('lead')).send({ agencyId: AGENCY_C, justification: 'Immediate risk reported by the school today.' });
      expect(override.status).toBe(404);
      expect(override.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('a practitioner may not record consent -> 403', async () => {
      const res = await http().post(`/v1/families/${FAMILY}/consents`).set(auth('practitionerA')).send(validConsent());
      expect(res.status).toBe(403);
      expect(await countRecords()).toBe(0);
    });
  });

  it('keeps the newest state of an agency: an older event arriving late does not reopen a closed one', async () => {
    const stale = { ...cloudEvent(AgencyUpsertedV1, { agencyId: AGENCY_CLOSED, name: 'Reopened?', kind: 'voluntary', active: true }, AGENCY_CLOSED), time: '2001-01-01T00:00:00.000Z' };
    await producer.send({ topic: TOPICS.directory, messages: [{ key: AGENCY_CLOSED, value: JSON.stringify(stale.data), headers: toKafkaHeaders(stale) }] });
    await eventually(async () => (await db.query('SELECT 1 FROM inbox WHERE event_id = $1', [stale.id])).rowCount, 60_000);
    expect((await db.query('SELECT active FROM known_agencies WHERE agency_id = $1', [AGENCY_CLOSED])).rows).toEqual([{ active: false }]);
  });

  let permitId: string;
  let denyId: string;

  it('reads its topics in runs: up to 20 events a transaction, fetches held up to 100 ms (nothing on the fan-out waits on them)', () => {
    expect(app.get(KafkaEventConsumer).settings).toMatchObject({ transactionBatchSize: 20, fetchWaitMs: 100, fetchMinBytes: 64 * 1024 });
  });

  it('records a permit -> 201 and ConsentGrantedV1 on the consent topic', async () => {
    const res = await http().post(`/v1/families/${FAMILY}/consents`).set(auth('coordinator')).send(validConsent({ subjectPersonIds: [MUM, CHILD, LATE_MEMBER] }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ familyId: FAMILY, status: 'active', decision: 'permit', agencyIds: [AGENCY_A, AGENCY_C], purposes: ['referral'], dataCategories: [], method: 'verbal', recordedBy: { sub: `coord-${run}`, role: 'coordinator' } });
    expect(Date.parse(res.body.recordedAt)).not.toBeNaN();
    permitId = res.body.id;
    const event = await eventOf('tellonce.consent.granted.v1', (d) => d.consentId === permitId);
    expect(event.data).toMatchObject({ decision: 'permit', agencyIds: [AGENCY_A, AGENCY_C], actor: { role: 'coordinator' } });
  });

  it('the decision endpoint answers on the basis of consent', async () => {
    const res = await http().get('/v1/consent/decision').query({ familyId: FAMILY, agencyId: AGENCY_A, purpose: 'referral' }).set(auth('practitionerA'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ permitted: true, basis: 'consent', consentId: permitId, permittedCategories: ['contact', 'story', 'needs', 'plan'] });
    const other = await http().get('/v1/consent/decision').query({ familyId: FAMILY, agencyId: AGENCY_B }).set(auth('coordinator'));
    expect(other.body).toEqual({ permitted: false, basis: 'none', permittedCategories: [] });
    const otherPurpose = await http().get('/v1/consent/decision').query({ familyId: FAMILY, agencyId: AGENCY_A, purpose: 'plan' }).set(auth('practitionerA'));
    expect(otherPurpose.body).toMatchObject({ permitted: false, basis: 'none' });
  });

  it('an agency may only ask about itself -> 403; bad query -> 400', async () => {
    const res = await http().get('/v1/consent/decision').query({ familyId: FAMILY, agencyId: AGENCY_B }).set(auth('practitionerA'));
    expect(res.status).toBe(403);
    const bad = await http().get('/v1/consent/decision').query({ familyId: 'not-a-uuid', agencyId: AGENCY_A }).set(auth('practitionerA'));
    expect(bad.status).toBe(400);
  });

  it('records a deny -> 201, ConsentGrantedV1 with decision deny, and the deny wins', async () => {
    const res = await http().post(`/v1/families/${FAMILY}/consents`).set(auth('coordinator')).send(validConsent({ decision: 'deny', agencyIds: [AGENCY_C], method: 'written' }));
    expect(res.status).toBe(201);
    denyId = res.body.id;
    await eventOf('tellonce.consent.granted.v1', (d) => d.consentId === denyId && d.decision === 'deny');
    const decision = await http().get('/v1/consent/decision').query({ familyId: FAMILY, agencyId: AGENCY_C }).set(auth('practitionerC'));
    expect(decision.body).toMatchObject({ permitted: false, basis: 'none', deniedByConsentId: denyId });
  });

  describe('safeguarding overrides', () => {
    const url = () => `/v1/families/${FAMILY}/safeguarding-overrides`;
    const justification = 'Risk of significant harm: strategy discussion held today.';

    it('practitioner -> 403', async () => {
      const res = await http().post(url()).set(auth('practitionerA')).send({ agencyId: AGENCY_C, justification });
      expect(res.status).toBe(403);
    });

    it('coordinator -> 403', async () => {
      const res = await http().post(url()).set(auth('coordinator')).send({ agencyId: AGENCY_C, justification });
      expect(res.status).toBe(403);
    });

    it.each([
      ['not in the directory', `no-such-agency-${run}`],
      ['closed', AGENCY_CLOSED],
    ])('an agency %s -> 400 and nothing stored', async (_name, agencyId) => {
      const res = await http().post(url()).set(auth('lead')).send({ agencyId, justification });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'agencyId', message: 'must be an active agency of the directory' }]);
      expect((await db.query('SELECT count(*) FROM safeguarding_overrides WHERE family_id = $1', [FAMILY])).rows[0].count).toBe('0');
    });

    it.each([
      ['short', 'too short'],
      ['padded with spaces to 20', `   ${'too short'.padEnd(25)}   `],
      ['only spaces', ' '.repeat(25)],
      ['a NUL character', `${justification}\u0000`],
    ])('%s justification -> 400 and nothing stored', async (_name, text) => {
      const res = await http().post(url()).set(auth('lead')).send({ agencyId: AGENCY_C, justification: text });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('justification');
      expect((await db.query('SELECT count(*) FROM safeguarding_overrides WHERE family_id = $1', [FAMILY])).rows[0].count).toBe('0');
    });

    it('unknown family -> 404', async () => {
      const res = await http().post(`/v1/families/${UNKNOWN_FAMILY}/safeguarding-overrides`).set(auth('lead')).send({ agencyId: AGENCY_C, justification });
      expect(res.status).toBe(404);
    });

    it('safeguarding lead -> 201, event, and it permits despite the deny', async () => {
      const res = await http().post(url()).set(auth('lead')).send({ agencyId: AGENCY_C, justification });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ familyId: FAMILY, agencyId: AGENCY_C, recordedBy: { sub: `lead-${run}`, role: 'safeguarding-lead' } });
      expect(res.body.justification).toBeUndefined();
      const overrideId = res.body.id;
      const event = await eventOf('tellonce.safeguarding.override-recorded.v1', (d) => d.overrideId === overrideId);
      expect(event.data).toEqual({ overrideId, familyId: FAMILY, agencyId: AGENCY_C, actor: { sub: `lead-${run}`, role: 'safeguarding-lead' } });
      const decision = await http().get('/v1/consent/decision').query({ familyId: FAMILY, agencyId: AGENCY_C, dataCategory: 'story' }).set(auth('practitionerC'));
      expect(decision.body).toEqual({ permitted: true, basis: 'safeguarding-override', overrideId, permittedCategories: ['contact', 'story', 'needs', 'plan'] });
    });
  });

  it('withdraws a consent -> 200, ConsentWithdrawnV1 names agencies left without basis; twice -> 409', async () => {
    const res = await http().post(`/v1/consents/${permitId}/withdraw`).set(auth('coordinator')).send({ reason: 'Family asked to stop sharing' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: permitId, status: 'withdrawn', withdrawnBy: { role: 'coordinator' } });
    expect(Date.parse(res.body.withdrawnAt)).not.toBeNaN();
    const event = await eventOf('tellonce.consent.withdrawn.v1', (d) => d.consentId === permitId);
    // Agency C keeps the safeguarding override; A has nothing left.
    expect(event.data).toMatchObject({ agencyIds: [AGENCY_A, AGENCY_C], agencyIdsNoLongerPermitted: [AGENCY_A] });

    const again = await http().post(`/v1/consents/${permitId}/withdraw`).set(auth('coordinator')).send({});
    expect(again.status).toBe(409);
    const unknown = await http().post(`/v1/consents/${randomUUID()}/withdraw`).set(auth('coordinator')).send({});
    expect(unknown.status).toBe(404);

    const decision = await http().get('/v1/consent/decision').query({ familyId: FAMILY, agencyId: AGENCY_A }).set(auth('practitionerA'));
    expect(decision.body).toMatchObject({ permitted: false, basis: 'none' });
    const history = await db.query('SELECT status, reason FROM consent_history WHERE consent_id = $1 ORDER BY at', [permitId]);
    expect(history.rows).toEqual([
      { status: 'active', reason: null },
      { status: 'withdrawn', reason: 'Family asked to stop sharing' },
    ]);
  });

  it('expiry: the sweep, driven by the clock, expires a due consent and emits ConsentExpiredV1', async () => {
    const expiresAt = new Date(clock.now().getTime() + 60 * 60_000).toISOString();
    const res = await http().post(`/v1/families/${FAMILY}/consents`).set(auth('coordinator')).send(validConsent({ agencyIds: [AGENCY_B], expiresAt }));
    expect(res.status).toBe(201);
    const expiringId = res.body.id;
    const sweeper = app.get(ConsentExpiryService);
    expect(await sweeper.sweep()).toBe(0);

    clock.offsetMs = 2 * 60 * 60_000;
    const decision = await http().get('/v1/consent/decision').query({ familyId: FAMILY, agencyId: AGENCY_B }).set(auth('coordinator'));
    expect(decision.body).toMatchObject({ permitted: false, basis: 'none' });
    expect(await sweeper.sweep()).toBe(1);
    expect(await sweeper.sweep()).toBe(0);
    const event = await eventOf('tellonce.consent.expired.v1', (d) => d.consentId === expiringId);
    expect(event.data).toMatchObject({ agencyIds: [AGENCY_B], agencyIdsNoLongerPermitted: [AGENCY_B], expiredAt: expiresAt });
    const withdrawExpired = await http().post(`/v1/consents/${expiringId}/withdraw`).set(auth('coordinator')).send({});
    expect(withdrawExpired.status).toBe(409);
    clock.offsetMs = 0;
  });

  it('lists a family’s consents with a cursor; agencies may not list', async () => {
    const first = await http().get(`/v1/families/${FAMILY}/consents`).query({ limit: 2 }).set(auth('coordinator'));
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await http().get(`/v1/families/${FAMILY}/consents`).query({ limit: 2, cursor: first.body.nextCursor }).set(auth('coordinator'));
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...second.body.items];
    expect(all.map((c: { status: string }) => c.status).sort()).toEqual(['active', 'expired', 'withdrawn']);
    expect(all.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([permitId, denyId]));
    const practitioner = await http().get(`/v1/families/${FAMILY}/consents`).set(auth('practitionerA'));
    expect(practitioner.status).toBe(403);
    const unknown = await http().get(`/v1/families/${UNKNOWN_FAMILY}/consents`).set(auth('coordinator'));
    expect(unknown.status).toBe(404);
  });

  describe('audit log', () => {
    interface AuditItem {
      seq: number;
      endpoint: string;
      outcome: string;
      basis: string | null;
      action: string;
      actor: { sub: string; role: string };
    }
    const auditFor = async (familyId: string): Promise<AuditItem[]> => {
      const res = await http().get('/v1/audit').query({ familyId, limit: 200 }).set(auth('auditor'));
      expect(res.status).toBe(200);
      return res.body.items;
    };

    it('records every read and write of the family, allowed and denied', async () => {
      const items = await eventually(async () => {
        const found = await auditFor(FAMILY);
        const has = (endpoint: string, outcome: string) => found.some((i) => i.endpoint === endpoint && i.outcome === outcome);
        return has('POST /v1/families/:familyId/safeguarding-overrides', 'allowed') &&
          has('POST /v1/consents/:id/withdraw', 'allowed') &&
          has('POST /v1/consents/:id/withdraw', 'denied') &&
          has('GET /v1/consent/decision', 'denied') &&
          has('GET /v1/families/:familyId/consents', 'allowed') &&
          has('POST /v1/families/:familyId/consents', 'denied')
          ? found
          : undefined;
      }, 60_000);
      const override = items.find((i) => i.endpoint === 'POST /v1/families/:familyId/safeguarding-overrides' && i.outcome === 'allowed')!;
      expect(override).toMatchObject({ action: 'write', basis: 'safeguarding-override', actor: { sub: `lead-${run}`, role: 'safeguarding-lead' } });
      expect(items.find((i) => i.endpoint === 'GET /v1/consent/decision' && i.basis === 'safeguarding-override')).toBeDefined();
    });

    it('only auditors read it, and reading it is audited too', async () => {
      expect((await http().get('/v1/audit').set(auth('coordinator'))).status).toBe(403);
      expect((await http().get('/v1/audit/verify').set(auth('lead'))).status).toBe(403);
      await eventually(async () => (await auditFor(FAMILY)).some((i) => i.endpoint === 'GET /v1/audit' && i.actor.role === 'auditor'), 60_000);
    });

    it("chains a transaction's entries in one statement at its commit; a rolled-back transaction appends nothing", async () => {
      const ds = app.get<DataSource>(getDataSourceToken());
      const auditLog = app.get(AuditLogService);
      const familyId = randomUUID();
      const entry = (n: number): AuditRecordedData => ({ service: 'referrals', at: new Date().toISOString(), actor: { sub: `coord-${run}`, role: 'coordinator' }, action: 'read', endpoint: `GET /v1/probe/${n}`, resource: { kind: 'family', id: familyId }, familyId, outcome: 'allowed' });
      await expect(
        ds.transaction(async (m) => {
          await auditLog.append(m, randomUUID(), entry(0));
          throw new Error('the run gives up');
        }),
      ).rejects.toThrow('the run gives up');

      let statements: string[] = [];
      await ds.transaction(async (m) => {
        statements = statementsOf(m);
        for (const n of [1, 2, 3]) await auditLog.append(m, randomUUID(), entry(n));
        expect(statements).toHaveLength(0);
      });
      expect(statements.filter((sql) => sql.includes('INSERT INTO audit_log'))).toHaveLength(1);
      expect(statements.filter((sql) => sql.includes('FOR UPDATE'))).toHaveLength(1);
      const rows = (await db.query('SELECT seq, endpoint FROM audit_log WHERE family_id = $1 ORDER BY seq', [familyId])).rows;
      expect(rows.map((r: { endpoint: string }) => r.endpoint)).toEqual(['GET /v1/probe/1', 'GET /v1/probe/2', 'GET /v1/probe/3']);
      expect(rows.map((r: { seq: string }) => Number(r.seq) - Number(rows[0].seq))).toEqual([0, 1, 2]);
      expect((await http().get('/v1/audit/verify').set(auth('auditor'))).body).toMatchObject({ valid: true });
      expect((await http().get('/v1/audit/verify').query({ familyId }).set(auth('auditor'))).body).toMatchObject({ valid: true, checked: 3 });
    });

    it('the chain verifies, rejects UPDATE, and a tampered row is detected', async () => {
      const whole = await http().get('/v1/audit/verify').set(auth('auditor'));
      expect(whole.status).toBe(200);
      expect(whole.body).toMatchObject({ valid: true });
      expect(whole.body.checked).toBeGreaterThan(0);
      const family = await http().get('/v1/audit/verify').query({ familyId: FAMILY }).set(auth('auditor'));
      expect(family.body).toMatchObject({ valid: true });

      const target = (await auditFor(FAMILY)).find((i) => i.endpoint === 'POST /v1/families/:familyId/safeguarding-overrides' && i.outcome === 'allowed')!;
      await expect(db.query(`UPDATE audit_log SET outcome = 'denied' WHERE seq = $1`, [target.seq])).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM audit_log WHERE seq = $1`, [target.seq])).rejects.toThrow(/append-only/);

      // Someone with superuser rights goes around the trigger: the hash chain still gives it away.
      await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await db.query(`UPDATE audit_log SET actor = '{"sub":"someone-else","role":"safeguarding-lead"}' WHERE seq = $1`, [target.seq]);
      await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');

      const familyAfter = await http().get('/v1/audit/verify').query({ familyId: FAMILY }).set(auth('auditor'));
      expect(familyAfter.body).toMatchObject({ valid: false, brokenAt: target.seq });
      const wholeAfter = await http().get('/v1/audit/verify').set(auth('auditor'));
      expect(wholeAfter.body).toMatchObject({ valid: false, brokenAt: target.seq });
    });
  });
});
