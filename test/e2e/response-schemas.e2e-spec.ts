import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { AUTHORIZATION_MATRIX } from '@tellonce/contracts';
import { api, bearer, Claims, eventually } from './support/api';
import { agencyFor, agencySystem, AUDITOR, COORDINATOR, EARLY_HELP, HUB, planInput, practitioner, SAFEGUARDING_LEAD, unique, uniqueName } from './support/journey';
import { Receiver } from './support/webhook-receiver';

// The proof that GET /v1/openapi.json tells partners the truth about responses: one realistic
// journey through the gateway, every success answer checked against the schema the LIVE document
// gives for its operation and status. Failures name the operation and the schema path, never a
// response value (bodies hold names, dates of birth, stories).
//
// Not covered (2 of the matrix's 45 operations; the other 43 are):
// - POST /v1/ops/dead-letters/:id/replay: needs a dead letter made on purpose with its own consumer
//   group (ops.e2e-spec.ts does, with a second gateway); replaying a real one here would re-run
//   another test's event.
// - GET /v1/ops/dead-letters/:id: checked when the list holds one, but a fresh stack has none.

const ADMIN: Claims = { role: 'admin' };
const OPS: Claims = { role: 'ops' };
const MATRIX_SIZE = Object.keys(AUTHORIZATION_MATRIX).length;
const UNCOVERED = 2;

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
}

/** The fields this test reads back from answers (the schemas check the rest). */
interface Answer {
  id: string;
  status: string;
  scope: string;
  valid: boolean;
  possibleDuplicates: unknown[];
  routes: { status: string }[];
  items: { id: string; status: string }[];
  nextCursor: string | null;
}

interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  headers?: Record<string, string>;
}

let document: Document;
let ajv: Ajv2020;
const validators = new Map<string, ValidateFunction>();
const covered = new Set<string>();

/** `METHOD /v1/x/:id` with its parameters filled in. */
function urlOf(key: string, params: Record<string, string> = {}): { method: string; url: string } {
  const [method, path] = key.split(' ');
  return { method: method.toLowerCase(), url: path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? `missing-${name}`)) };
}

/** Sends the request; no checks (for polling until a projection has caught up). */
async function attempt(key: string, claims: Claims, options: CallOptions = {}): Promise<Response> {
  if (!AUTHORIZATION_MATRIX[key]) throw new Error(`${key} is not in the authorisation matrix`);
  const { method, url } = urlOf(key, options.params);
  const req = api()[method as 'get'](url).set(await bearer(claims));
  if (options.headers) req.set(options.headers);
  if (options.query) req.query(options.query);
  return options.body === undefined ? req : req.send(options.body as object);
}

/** The validator for one operation's documented success response, from the live document. */
function validatorFor(key: string, status: number): ValidateFunction | null {
  const [method, path] = key.split(' ');
  const operation = document.paths[path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${key}: not in the served document`);
  const response = operation.responses[String(status)];
  if (!response) throw new Error(`${key}: answered ${status}, the document lists ${Object.keys(operation.responses).join(', ')}`);
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return null;
  const cacheKey = `${key} ${status}`;
  if (!validators.has(cacheKey)) validators.set(cacheKey, ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/')) as object));
  return validators.get(cacheKey)!;
}

/** Checks a success answer against the document: the status it lists, the body its schema allows. */
function check(key: string, res: Response, expected?: number): Response {
  if (res.status >= 300 || (expected !== undefined && res.status !== expected)) throw new Error(`${key}: answered ${res.status}, expected ${expected ?? 'a success'}`);
  const validate = validatorFor(key, res.status);
  if (validate === null) {
    if (res.text) throw new Error(`${key}: answered ${res.status} with a body the document does not describe`);
  } else if (!validate(res.body)) {
    // Paths and keywords only: Ajv's params and the data itself may carry response values.
    // (A missing property's name is the schema's, so it is said.)
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.keyword}${e.keyword === 'required' ? ` ${String(e.params['missingProperty'])}` : ''} (${e.schemaPath})`).join('; ');
    throw new Error(`${key} ${res.status}: the body does not match its schema: ${errors}`);
  }
  covered.add(key);
  return res;
}

/** One checked call: the expected status, the body validated against the live document. */
async function call<T = Answer>(key: string, claims: Claims, expected: number, options: CallOptions = {}): Promise<T> {
  return check(key, await attempt(key, claims, options), expected).body as T;
}

/** Every page of a list, each page checked; returns the items and how many pages there were. */
async function allPages<T>(key: string, claims: Claims, options: CallOptions, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 1; pages <= 50; pages++) {
    const page: { items: T[]; nextCursor: string | null } = await call(key, claims, 200, { ...options, query: { ...options.query, limit, ...(cursor ? { cursor } : {}) } });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return { items, pages };
  }
  throw new Error(`${key}: no end within 50 pages`);
}

describe('response schemas: every success answer of a journey matches GET /v1/openapi.json', () => {
  const receiver = new Receiver();
  const familyName = `Schema${uniqueName()}`;
  const members = [
    { givenName: `Andrea${uniqueName()}`, familyName, dateOfBirth: '1994-03-02', relationship: 'parent', livesInHousehold: true, nhsNumber: '9434765919' },
    { givenName: `Kai${uniqueName()}`, familyName, dateOfBirth: '2019-06-15', relationship: 'child', livesInHousehold: true },
    { givenName: 'Baby', familyName, expectedDueDate: '2031-01-10', relationship: 'unborn', livesInHousehold: true },
  ];
  let housing: string;
  let debt: string;
  let socialCare: string;
  let subscriptionId: string | undefined;
  let family: { id: string; members: { id: string }[] };
  let referral: { id: string; routes: { id: string; agencyId: string }[] };
  let plan: { id: string; outcomes: { id: string }[]; actions: { id: string; agencyId: string }[] };

  beforeAll(async () => {
    const res = await api().get('/v1/openapi.json').expect(200);
    document = res.body as Document;
    // Strict, as the unit test: a schema with an unknown keyword or format fails here too.
    ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    ajv.addKeyword('components');
    ajv.addSchema({ $id: 'openapi', components: document.components }, 'openapi');
    [housing, debt, socialCare] = [await agencyFor('housing'), await agencyFor('debt-advice'), await agencyFor('social-care')];
    expect(new Set([housing, debt, socialCare, EARLY_HELP]).size).toBe(4);
  });

  afterAll(async () => {
    await receiver.close();
  });

  it('the directory: needs, services, agencies and hubs (bare arrays), and the admin writes', async () => {
    const opts = { query: { need: 'housing', hubId: HUB } };
    expect((await call<unknown[]>('GET /v1/directory/needs', COORDINATOR, 200)).length).toBeGreaterThanOrEqual(18);
    expect((await call<unknown[]>('GET /v1/directory/services', COORDINATOR, 200, opts)).length).toBeGreaterThan(0);
    await call('GET /v1/directory/services', ADMIN, 200);
    await call('GET /v1/directory/agencies', COORDINATOR, 200);
    await call('GET /v1/directory/hubs', COORDINATOR, 200);

    // An inactive service routes nothing: other tests' routing stays as seeded.
    const agencyId = `schema-agency-${unique()}`;
    await call('POST /v1/directory/agencies', ADMIN, 201, { body: { id: agencyId, name: 'Schema Check Agency', kind: 'voluntary' } });
    await call('PATCH /v1/directory/agencies/:id', ADMIN, 200, { params: { id: agencyId }, body: { name: 'Schema Check Agency (renamed)' } });
    const service = await call('POST /v1/directory/services', ADMIN, 201, { body: { name: 'Schema check service', agencyId, needs: ['housing'], hubIds: [HUB], status: 'inactive' } });
    await call('PATCH /v1/directory/services/:id', ADMIN, 200, { params: { id: service.id }, body: { capacity: 'waitlist' } });
    // Kafka delivery settings, for this agency only (off: no topic is made).
    await call('PUT /v1/subscriptions/kafka-delivery', agencySystem(agencyId), 200, { body: { enabled: false, eventTypes: [] } });
  });

  it('a partner subscribes before the referral, so deliveries follow', async () => {
    const created = await call('POST /v1/subscriptions', agencySystem(housing), 201, {
      headers: { 'Idempotency-Key': `schema-${unique()}` },
      body: { url: await receiver.start(), eventTypes: ['referral.route.requested', 'referral.route.updated', 'referral.route.cancelled', 'plan.action.assigned'], description: 'schema check' },
    });
    subscriptionId = created.id;
    await call('GET /v1/subscriptions', agencySystem(housing), 200, { query: { limit: 100 } });
  });

  it('families: registered (twice, a likely duplicate), a member added, read, searched page by page', async () => {
    const body = { hubId: HUB, members, address: { postcode: 'NG1 1AA', line1: '1 Test Street' }, contact: { phone: '0115 000 0000', email: 'family@example.org' } };
    family = await call<typeof family>('POST /v1/families', COORDINATOR, 201, { body });
    const twin = await call('POST /v1/families', COORDINATOR, 201, { body });
    expect(twin.possibleDuplicates.length).toBeGreaterThan(0);
    await call('POST /v1/families/:id/members', COORDINATOR, 201, {
      params: { id: family.id },
      body: { givenName: `Rosa${uniqueName()}`, familyName, dateOfBirth: '1960-01-01', relationship: 'grandparent', livesInHousehold: false },
    });
    await call('GET /v1/families/:id', COORDINATOR, 200, { params: { id: family.id } });
    const found = await allPages('GET /v1/families', COORDINATOR, { query: { q: familyName } }, 1);
    expect(found.pages).toBeGreaterThanOrEqual(2);
  });

  it('a referral with needs for two agencies; consent, a withdrawal, a decision and a safeguarding override', async () => {
    referral = await call<typeof referral>('POST /v1/referrals', COORDINATOR, 201, {
      headers: { 'Idempotency-Key': `schema-${unique()}` },
      body: {
        familyId: family.id,
        hubId: HUB,
        channel: 'hub-desk',
        story: 'Money is tight and the flat is damp; the family would like help once.',
        needs: [
          { code: 'housing', urgency: 'urgent', personId: family.members[0].id, notes: 'Damp in the bedroom' },
          { code: 'debt-advice', urgency: 'routine' },
        ],
      },
    });
    const consent = (agencyIds: string[], extra: Record<string, unknown> = {}) => ({
      params: { familyId: family.id },
      body: { subjectPersonIds: family.members.map((m) => m.id), grantedByPersonId: family.members[0].id, decision: 'permit', agencyIds, purposes: ['referral', 'assessment', 'plan', 'service-delivery'], method: 'verbal', ...extra },
    });
    await call('POST /v1/families/:familyId/consents', COORDINATOR, 201, consent([housing, EARLY_HELP]));
    // The debt adviser may have the referral but not the plan: it sees only its own actions.
    await call('POST /v1/families/:familyId/consents', COORDINATOR, 201, consent([debt], { purposes: ['referral', 'service-delivery'], dataCategories: ['contact', 'story', 'needs'], expiresAt: '2035-01-01T00:00:00.000Z' }));
    const withdrawn = await call('POST /v1/families/:familyId/consents', COORDINATOR, 201, consent([await agencyFor('relationship-support')], { method: 'written' }));
    expect((await call('POST /v1/consents/:id/withdraw', COORDINATOR, 200, { params: { id: withdrawn.id }, body: { reason: 'changed-mind' } })).status).toBe('withdrawn');
    const consents = await allPages('GET /v1/families/:familyId/consents', SAFEGUARDING_LEAD, { params: { familyId: family.id } }, 2);
    expect(consents.pages).toBeGreaterThanOrEqual(2);
    await call('GET /v1/consent/decision', COORDINATOR, 200, { query: { familyId: family.id, agencyId: housing, purpose: 'referral' } });
    await call('GET /v1/consent/decision', practitioner(debt), 200, { query: { familyId: family.id, agencyId: debt } });
    await call('POST /v1/families/:familyId/safeguarding-overrides', SAFEGUARDING_LEAD, 201, {
      params: { familyId: family.id },
      body: { agencyId: socialCare, justification: 'Escalating concerns recorded at the hub; social care must see the case now.' },
    });
  });

  it('routes are released by consent and moved by their agencies; referrals read whole and as an agency sees them', async () => {
    const housingRoute = referral.routes.find((r) => r.agencyId === housing)!;
    const debtRoute = referral.routes.find((r) => r.agencyId === debt)!;
    await eventually(async () => {
      const seen = await call('GET /v1/referrals/:id', COORDINATOR, 200, { params: { id: referral.id } });
      return seen.routes.every((r: { status: string }) => r.status === 'requested');
    });
    await call('POST /v1/referrals/:id/routes/:routeId/transitions', practitioner(housing), 200, { params: { id: referral.id, routeId: housingRoute.id }, body: { to: 'accepted' } });
    await call('POST /v1/referrals/:id/routes/:routeId/transitions', agencySystem(housing), 200, { params: { id: referral.id, routeId: housingRoute.id }, body: { to: 'in-progress' } });
    await call('POST /v1/referrals/:id/routes/:routeId/transitions', practitioner(debt), 200, { params: { id: referral.id, routeId: debtRoute.id }, body: { to: 'rejected', reason: 'not-eligible' } });
    await call('GET /v1/referrals/:id', practitioner(housing), 200, { params: { id: referral.id } });
    await call('GET /v1/referrals/:id', practitioner(debt), 200, { params: { id: referral.id } });
    await call('GET /v1/families/:id', practitioner(housing), 200, { params: { id: family.id } });
    await call('GET /v1/referrals', practitioner(housing), 200, { query: { familyId: family.id } });
    await call('GET /v1/referrals', COORDINATOR, 200, { query: { status: 'open', limit: 5 } });
  });

  it('a plan: created, an action added and moved, a review, a step up, read whole and as an agency, listed, closed', async () => {
    const body = planInput({ housing, debt });
    // The plans service learns of the family from family.registered: it may take a moment.
    const created = await eventually(async () => {
      const res = await attempt('POST /v1/families/:familyId/plans', COORDINATOR, { params: { familyId: family.id }, body, headers: { 'Idempotency-Key': `schema-${unique()}` } });
      return res.status !== 404 && res;
    });
    plan = check('POST /v1/families/:familyId/plans', created, 201).body as typeof plan;
    const added = await call('POST /v1/plans/:id/actions', COORDINATOR, 201, { params: { id: plan.id }, body: { description: 'Home visit', agencyId: EARLY_HELP, dueDate: '2031-02-20', outcomeId: plan.outcomes[0].id } });
    const housingAction = plan.actions.find((a) => a.agencyId === housing)!;
    await call('POST /v1/plans/:id/actions/:actionId/transitions', practitioner(housing), 200, { params: { id: plan.id, actionId: housingAction.id }, body: { to: 'in-progress' } });
    await call('POST /v1/plans/:id/actions/:actionId/transitions', COORDINATOR, 200, { params: { id: plan.id, actionId: added.id }, body: { to: 'blocked' } });
    await call('POST /v1/plans/:id/reviews', COORDINATOR, 201, {
      params: { id: plan.id },
      body: {
        summary: 'TAF meeting: repairs booked.',
        attendees: [{ name: 'Housing officer', agencyId: housing }],
        outcomeProgress: [
          { outcomeId: plan.outcomes[0].id, score: 6 },
          { outcomeId: plan.outcomes[1].id, score: 3 },
        ],
        nextReviewDate: '2031-04-01',
      },
    });
    await call('POST /v1/plans/:id/level', COORDINATOR, 200, { params: { id: plan.id }, body: { to: 'specialist', reason: 'Concerns escalated at review' } });
    expect((await call('GET /v1/plans/:id', COORDINATOR, 200, { params: { id: plan.id } })).scope).toBe('whole');
    await call('GET /v1/plans/:id', practitioner(housing), 200, { params: { id: plan.id } });
    const own = await eventually(async () => {
      const res = await attempt('GET /v1/plans/:id', practitioner(debt), { params: { id: plan.id } });
      return res.status === 200 && res;
    });
    expect(check('GET /v1/plans/:id', own, 200).body.scope).toBe('own-actions');
    await call('GET /v1/families/:familyId/plans', COORDINATOR, 200, { params: { familyId: family.id } });
    await call('GET /v1/families/:familyId/plans', practitioner(debt), 200, { params: { familyId: family.id } });

    // The step up opened a social-care route (the override permits it): a second referral, so the family's list pages.
    const referrals = await eventually(async () => {
      const all = await allPages<{ id: string }>('GET /v1/referrals', COORDINATOR, { query: { familyId: family.id } }, 1);
      return all.items.length >= 2 && all;
    });
    expect(referrals.pages).toBeGreaterThanOrEqual(2);
    await call('POST /v1/plans/:id/close', COORDINATOR, 200, { params: { id: plan.id }, body: { reason: 'Outcomes met' } });
  });

  it('deliveries are logged and replayed; the secret rotates; the subscription is deleted', async () => {
    await eventually(async () => receiver.received.length > 0);
    const deliveries = await eventually(async () => {
      const page = await call('GET /v1/subscriptions/:id/deliveries', agencySystem(housing), 200, { params: { id: subscriptionId! }, query: { limit: 50 } });
      return page.items.some((d: { status: string }) => d.status === 'succeeded') && page;
    });
    expect(deliveries.items.length).toBeGreaterThan(0);
    await call('POST /v1/subscriptions/:id/replay', agencySystem(housing), 202, { params: { id: subscriptionId! }, body: { since: new Date(Date.now() - 3_600_000).toISOString() } });
    await call('POST /v1/subscriptions/:id/rotate-secret', agencySystem(housing), 200, { params: { id: subscriptionId! } });
    await call('DELETE /v1/subscriptions/:id', agencySystem(housing), 204, { params: { id: subscriptionId! } });
    subscriptionId = undefined;
  });

  it('notifications, the timeline page by page (hub and agency), the audit log and its check', async () => {
    await call('GET /v1/notifications', practitioner(housing), 200);
    await call('GET /v1/notifications', COORDINATOR, 200, { query: { limit: 5 } });
    const timeline = await allPages('GET /v1/families/:familyId/timeline', COORDINATOR, { params: { familyId: family.id }, query: { order: 'asc' } }, 5);
    expect(timeline.pages).toBeGreaterThan(1);
    await allPages('GET /v1/families/:familyId/timeline', practitioner(housing), { params: { familyId: family.id }, query: { order: 'desc' } }, 10);
    const audit = await eventually(async () => {
      const first = await call('GET /v1/audit', AUDITOR, 200, { query: { familyId: family.id, limit: 3 } });
      return first.nextCursor ? first : null;
    });
    await call('GET /v1/audit', AUDITOR, 200, { query: { familyId: family.id, limit: 3, cursor: audit.nextCursor! } });
    expect((await call('GET /v1/audit/verify', AUDITOR, 200, { query: { familyId: family.id } })).valid).toBe(true);
  });

  it('operations: status, dead letters, webhook dead letters', async () => {
    await call('GET /v1/ops/status', OPS, 200);
    const deadLetters = await call('GET /v1/ops/dead-letters', OPS, 200, { query: { limit: 5 } });
    if (deadLetters.items.length > 0) await call('GET /v1/ops/dead-letters/:id', OPS, 200, { params: { id: deadLetters.items[0].id } });
    await call('GET /v1/ops/webhook-dead-letters', ADMIN, 200, { query: { limit: 5 } });
  });

  it(`covered every matrix operation but ${UNCOVERED}`, () => {
    const missing = Object.keys(AUTHORIZATION_MATRIX).filter((key) => !covered.has(key));
    expect(missing.filter((key) => !['POST /v1/ops/dead-letters/:id/replay', 'GET /v1/ops/dead-letters/:id'].includes(key))).toEqual([]);
    // A new matrix endpoint must join the journey (or the list above): the count moves with the matrix.
    expect(MATRIX_SIZE - UNCOVERED).toBe(43);
    expect(covered.size).toBeGreaterThanOrEqual(43);
  });
});
