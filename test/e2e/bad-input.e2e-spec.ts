import { randomUUID } from 'node:crypto';
import { AUTHORIZATION_MATRIX } from '@tellonce/contracts';
import { api, bearer, Claims } from './support/api';
import { agencyFor, agencySystem, COORDINATOR, grantConsent, raiseReferral, registerFamily, SAFEGUARDING_LEAD, unique } from './support/journey';

// "Never a 5xx for bad input" (../shared/PRODUCT.md), checked by brute force: every write endpoint
// gets a valid body, then that body with each field, at every depth, replaced by values of the
// wrong kind (missing, null, wrong type, wrapped in an array, a date PostgreSQL refuses, a number
// past the integer range, a very long string). Every answer must be below 500. Each 500 an audit
// found (a null outcomeIndex, a missing address, year 0000, an object inside an extra array) is one
// of these mutations; this test finds the next one before a client does.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface WriteCase {
  name: string;
  method: 'post' | 'patch' | 'put';
  path: string;
  claims: Claims;
  body: { [key: string]: Json };
}

const ADMIN: Claims = { role: 'admin' };
const RAW_TEXT = Symbol('malformed JSON');

/** Values of the wrong kind for a field that held `value`. */
function wrongKinds(value: Json): Json[] {
  const kinds: Json[] = [null, true, -1, 1e308, 2 ** 53, '', ' ', 'x'.repeat(30_000), '0000-01-01', '2026-02-30', '9999-12-31T25:61:00Z', {}, [], [value], [[value]]];
  if (typeof value === 'string') kinds.push(`${value}\u202e`, value.toUpperCase());
  if (typeof value === 'number') kinds.push(value + 0.5, -value, String(value));
  return kinds;
}

/** Every path to a value in `body`, depth first (arrays by index). */
function paths(body: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (body === null || typeof body !== 'object') return [prefix];
  const keys: (string | number)[] = Array.isArray(body) ? body.map((_, i) => i) : Object.keys(body);
  return [...(prefix.length ? [prefix] : []), ...keys.flatMap((key) => paths((body as Record<string, Json>)[key as string], [...prefix, key]))];
}

function withValueAt(body: Json, path: (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(body) as Record<string, Json>;
  let parent: Record<string, Json> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key as string] as Record<string, Json>;
  const last = path[path.length - 1] as string;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

function valueAt(body: Json, path: (string | number)[]): Json {
  return path.reduce<Json>((node, key) => (node as Record<string, Json>)[key as string], body);
}

describe('bad input never gets a 5xx, on any write endpoint', () => {
  const cases: WriteCase[] = [];
  const reads: { path: string; claims: Claims; query: Record<string, string> }[] = [];
  let fuzzAgency: string | undefined;

  beforeAll(async () => {
    const family = await registerFamily();
    const [parent] = family.members;
    const debt = await agencyFor('debt-advice');
    await grantConsent(family, [debt]);
    const referral = await raiseReferral(family, { needs: [{ code: 'debt-advice', urgency: 'routine' }] });
    const route = referral.routes[0];
    const plan = (
      await api()
        .post(`/v1/families/${family.id}/plans`)
        .set(await bearer(COORDINATOR))
        .send({ leadPractitioner: { name: 'Sam Keyworker', agencyId: debt }, levelOfNeed: 'early-help', outcomes: [{ description: 'Debts under control' }], actions: [{ description: 'Debt review', agencyId: debt, dueDate: '2031-01-15', outcomeIndex: 0 }], nextReviewDate: '2031-02-01' })
        .expect(201)
    ).body;
    const agencyId = `fuzz-${unique()}`;
    fuzzAgency = agencyId;
    await api().post('/v1/directory/agencies').set(await bearer(ADMIN)).send({ id: agencyId, name: 'Fuzz Agency', kind: 'voluntary' }).expect(201);
    const serviceId = `fuzz-svc-${unique()}`;
    await api().post('/v1/directory/services').set(await bearer(ADMIN)).send({ id: serviceId, name: 'Fuzz service', agencyId, needs: ['housing'], hubIds: ['hub-north'], status: 'inactive' }).expect(201);
    // Subscriptions belong to the fuzz agency, which is never routed anything: a real agency's
    // subscription to a dead URL would fail and retry on every later test's referrals.
    const fuzzSystem = agencySystem(agencyId);
    const subscription = (await api().post('/v1/subscriptions').set(await bearer(fuzzSystem)).send({ url: 'http://127.0.0.1:9/hook', eventTypes: ['referral.route.requested'] }).expect(201)).body;

    reads.push(
      { path: '/v1/directory/services', claims: COORDINATOR, query: { need: 'housing', hubId: 'hub-north' } },
      { path: '/v1/families', claims: COORDINATOR, query: { q: 'Fuzzing', limit: '5' } },
      { path: `/v1/families/${family.id}`, claims: COORDINATOR, query: {} },
      { path: '/v1/referrals', claims: COORDINATOR, query: { familyId: family.id, status: 'open', agencyId: debt, limit: '5' } },
      { path: '/v1/referrals', claims: { role: 'practitioner', agencyId: debt }, query: { status: 'requested', limit: '5' } },
      { path: `/v1/referrals/${referral.id}`, claims: COORDINATOR, query: {} },
      { path: `/v1/families/${family.id}/consents`, claims: COORDINATOR, query: { limit: '5' } },
      { path: '/v1/consent/decision', claims: COORDINATOR, query: { familyId: family.id, agencyId: debt, purpose: 'referral' } },
      { path: '/v1/audit', claims: { role: 'auditor' }, query: { familyId: family.id, limit: '5' } },
      { path: `/v1/families/${family.id}/plans`, claims: COORDINATOR, query: { limit: '5' } },
      { path: `/v1/plans/${plan.id}`, claims: COORDINATOR, query: {} },
      { path: '/v1/subscriptions', claims: fuzzSystem, query: { limit: '5' } },
      { path: `/v1/subscriptions/${subscription.id}/deliveries`, claims: fuzzSystem, query: { limit: '5' } },
      { path: '/v1/notifications', claims: COORDINATOR, query: { limit: '5' } },
      { path: `/v1/families/${family.id}/timeline`, claims: COORDINATOR, query: { order: 'asc', types: 'referral.raised', limit: '5' } },
      { path: '/v1/ops/dead-letters', claims: { role: 'ops' }, query: { limit: '5' } },
      { path: '/v1/ops/webhook-dead-letters', claims: { role: 'ops' }, query: { limit: '5' } },
    );
    cases.push(
      { name: 'create agency', method: 'post', path: '/v1/directory/agencies', claims: ADMIN, body: { name: 'Fuzz Agency Two', kind: 'voluntary', active: false } },
      { name: 'update agency', method: 'patch', path: `/v1/directory/agencies/${agencyId}`, claims: ADMIN, body: { name: 'Fuzz Agency', kind: 'voluntary', active: true } },
      { name: 'create service', method: 'post', path: '/v1/directory/services', claims: ADMIN, body: { name: 'Fuzz service two', agencyId, needs: ['housing'], hubIds: ['hub-north'], status: 'inactive', capacity: 'open' } },
      { name: 'update service', method: 'patch', path: `/v1/directory/services/${serviceId}`, claims: ADMIN, body: { name: 'Fuzz service', needs: ['housing'], hubIds: ['hub-north'], status: 'inactive', capacity: 'waitlist' } },
      {
        name: 'register family',
        method: 'post',
        path: '/v1/families',
        claims: COORDINATOR,
        body: {
          hubId: 'hub-north',
          members: [{ givenName: 'Alex', familyName: 'Fuzzing', dateOfBirth: '1990-04-01', relationship: 'parent', livesInHousehold: true, nhsNumber: '9434765919' }],
          address: { postcode: 'LS1 4AP', line1: '1 Test Street' },
          contact: { phone: '0113 496 0000', email: 'alex@example.org' },
        },
      },
      { name: 'add member', method: 'post', path: `/v1/families/${family.id}/members`, claims: COORDINATOR, body: { givenName: 'Jo', familyName: 'Fuzzing', expectedDueDate: '2027-03-01', relationship: 'unborn', livesInHousehold: true } },
      {
        name: 'raise referral',
        method: 'post',
        path: '/v1/referrals',
        claims: COORDINATOR,
        body: { familyId: family.id, hubId: 'hub-north', channel: 'phone', story: 'Worried about money', needs: [{ code: 'housing', personId: parent.id, urgency: 'routine', notes: 'rent arrears' }] },
      },
      { name: 'move route', method: 'post', path: `/v1/referrals/${referral.id}/routes/${route.id}/transitions`, claims: COORDINATOR, body: { to: 'on-hold', reason: 'waiting-for-family', outcome: 'none' } },
      {
        name: 'record consent',
        method: 'post',
        path: `/v1/families/${family.id}/consents`,
        claims: COORDINATOR,
        body: { subjectPersonIds: [parent.id], grantedByPersonId: parent.id, decision: 'permit', agencyIds: [debt], purposes: ['referral'], dataCategories: ['needs'], method: 'verbal', expiresAt: '2031-01-01T00:00:00Z' },
      },
      { name: 'withdraw consent', method: 'post', path: `/v1/consents/${randomUUID()}/withdraw`, claims: COORDINATOR, body: { reason: 'family-asked' } },
      { name: 'safeguarding override', method: 'post', path: `/v1/families/${family.id}/safeguarding-overrides`, claims: SAFEGUARDING_LEAD, body: { agencyId: debt, justification: 'Immediate risk to the children reported by the school today.' } },
      {
        name: 'open plan',
        method: 'post',
        path: `/v1/families/${family.id}/plans`,
        claims: COORDINATOR,
        body: { leadPractitioner: { name: 'Sam', agencyId: debt }, levelOfNeed: 'targeted', outcomes: [{ description: 'Safe home' }], actions: [{ description: 'Visit', agencyId: debt, dueDate: '2031-01-15', outcomeIndex: 0 }], nextReviewDate: '2031-02-01' },
      },
      { name: 'add action', method: 'post', path: `/v1/plans/${plan.id}/actions`, claims: COORDINATOR, body: { description: 'Call', agencyId: debt, dueDate: '2031-01-20', outcomeId: plan.outcomes[0].id } },
      { name: 'move action', method: 'post', path: `/v1/plans/${plan.id}/actions/${plan.actions[0].id}/transitions`, claims: COORDINATOR, body: { to: 'blocked' } },
      {
        name: 'review plan',
        method: 'post',
        path: `/v1/plans/${plan.id}/reviews`,
        claims: COORDINATOR,
        body: { summary: 'Team met', attendees: [{ name: 'Sam', agencyId: debt }], outcomeProgress: [{ outcomeId: plan.outcomes[0].id, score: 5 }], nextReviewDate: '2031-03-01' },
      },
      { name: 'change level', method: 'post', path: `/v1/plans/${plan.id}/level`, claims: COORDINATOR, body: { to: 'universal', reason: 'Going well' } },
      { name: 'subscribe', method: 'post', path: '/v1/subscriptions', claims: fuzzSystem, body: { url: 'http://127.0.0.1:9/other', eventTypes: ['referral.route.cancelled'], description: 'ours' } },
      { name: 'replay', method: 'post', path: `/v1/subscriptions/${subscription.id}/replay`, claims: fuzzSystem, body: { since: '2026-01-01T00:00:00Z' } },
      { name: 'kafka delivery', method: 'put', path: '/v1/subscriptions/kafka-delivery', claims: fuzzSystem, body: { enabled: false, eventTypes: ['referral.route.requested'] } },
    );
  }, 120_000);

  // Bodies the services accepted stay: a service created with its status left out is active and
  // would take routing from the demo directory in later tests. Retire everything the fuzz agency runs.
  afterAll(async () => {
    if (!fuzzAgency) return;
    const admin = await bearer(ADMIN);
    const services = (await api().get('/v1/directory/services').set(admin).expect(200)).body as { id: string; organisation: { id: string } }[];
    for (const service of services.filter((s) => s.organisation.id === fuzzAgency)) {
      await api().patch(`/v1/directory/services/${service.id}`).set(admin).send({ status: 'inactive' }).expect(200);
    }
    await api().patch(`/v1/directory/agencies/${fuzzAgency}`).set(admin).send({ active: false }).expect(200);
  }, 60_000);

  it('answers every mutated body of every write endpoint below 500', async () => {
    const fivexx: string[] = [];
    let sent = 0;
    for (const c of cases) {
      const auth = await bearer(c.claims);
      // Sent as JSON text, so that null, a bare number or malformed JSON go out as a client would send them.
      const send = (body: unknown, raw?: string) =>
        api()[c.method](c.path).set(auth).set('Idempotency-Key', randomUUID()).set('Content-Type', 'application/json').send(raw ?? JSON.stringify(body));
      const bodies: [string, unknown][] = [
        ['body null', null],
        ['body []', []],
        ['body not JSON', RAW_TEXT],
        ['body 42', 42],
        ['body wrapped in an array', [c.body]],
        ['body {}', {}],
      ];
      for (const path of paths(c.body)) {
        const at = path.join('.');
        bodies.push([`${at} left out`, withValueAt(c.body, path, undefined)]);
        wrongKinds(valueAt(c.body, path)).forEach((value, kind) => bodies.push([`${at} wrong kind #${kind}`, withValueAt(c.body, path, value)]));
      }
      for (const [label, body] of bodies) {
        const res = body === RAW_TEXT ? await send(undefined, '{"story": "unterminated') : await send(body);
        sent += 1;
        if (res.status >= 500) fivexx.push(`${c.name}, ${label}: ${res.status}`);
      }
    }
    expect(sent).toBeGreaterThan(1000);
    expect(fivexx).toEqual([]);
  }, 600_000);

  it('answers every read with odd query values, hand-made cursors included, below 500', async () => {
    const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
    // Cursors as the services issue them, with values PostgreSQL refuses: what a hand-made cursor looks like.
    const handMade = [
      'zzz',
      '',
      'x'.repeat(5000),
      b64('s:99999999999999999999'),
      b64(['d', '0000-01-01T00:00:00Z', '1']),
      b64(['a', '2026-02-30T00:00:00Z', '9999999999999999999']),
      b64({ createdAt: '2026-02-30T00:00:00.000Z', id: randomUUID() }),
      b64(`-100000-01-01T00:00:00.000Z|${randomUUID()}`),
      b64(`2026-01-01T00:00:00.000Z|${randomUUID()}|extra`),
      b64('null'),
      b64('[]'),
    ];
    const odd = ['', ' ', '-1', '0', '1e308', '9999999999999999999', 'abc', '1.5', 'null', '[]', '%00', '\u202e', 'x'.repeat(3000), '0000-01-01', randomUUID()];
    const fivexx: string[] = [];
    let sent = 0;
    for (const r of reads) {
      const auth = await bearer(r.claims);
      const variants: [string, Record<string, string | string[]>][] = [['as is', r.query]];
      for (const key of [...Object.keys(r.query), 'limit', 'cursor']) {
        odd.forEach((value, i) => variants.push([`${key} odd #${i}`, { ...r.query, [key]: value }]));
        variants.push([`${key} twice`, { ...r.query, [key]: ['1', '2'] }]);
      }
      handMade.forEach((cursor, i) => variants.push([`hand-made cursor #${i}`, { ...r.query, cursor }]));
      for (const [label, query] of variants) {
        const res = await api().get(r.path).query(query).set(auth);
        sent += 1;
        if (res.status >= 500) fivexx.push(`GET ${r.path.replace(/[0-9a-f-]{36}/g, ':id')}, ${label}: ${res.status}`);
      }
    }
    expect(sent).toBeGreaterThan(500);
    expect(fivexx).toEqual([]);
  }, 600_000);

  it('answers every endpoint with an odd id in its path below 500', async () => {
    const oddIds = ['not-a-uuid', '0', '-1', 'x'.repeat(2000), '..', '%2e%2e', 'null', '6f1c0f8e-0000-4000-8000-00000000000', '6F1C0F8E-0000-4000-8000-000000000000', "1' OR '1'='1", '\u202e', randomUUID()];
    const fivexx: string[] = [];
    let sent = 0;
    for (const [key, roles] of Object.entries(AUTHORIZATION_MATRIX)) {
      const [method, pattern] = key.split(' ');
      if (!pattern.includes(':')) continue;
      const role = roles[0];
      const claims: Claims = role === 'agency-system' || role === 'practitioner' ? { role, agencyId: 'fuzz-nobody' } : role === 'coordinator' || role === 'safeguarding-lead' ? { role, hubId: 'hub-north' } : { role };
      const auth = await bearer(claims);
      for (const [i, id] of oddIds.entries()) {
        const path = pattern.replace(/:[A-Za-z]+/g, encodeURIComponent(id));
        const call = api()[method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](path).set(auth);
        const res = method === 'GET' || method === 'DELETE' ? await call : await call.set('Content-Type', 'application/json').send('{}');
        sent += 1;
        if (res.status >= 500) fivexx.push(`${key}, odd id #${i}: ${res.status}`);
      }
    }
    expect(sent).toBeGreaterThan(200);
    expect(fivexx).toEqual([]);
  }, 300_000);
});
