import { randomUUID } from 'node:crypto';
import { api, bearer, Claims, eventually } from './api';

// Building blocks for the journey e2e tests: unique families, referrals, consent, route moves.
// Every name carries a fresh suffix so tests never depend on an empty database.

export const HUB = 'hub-north';
export const COORDINATOR: Claims = { role: 'coordinator', hubId: HUB };
export const SAFEGUARDING_LEAD: Claims = { role: 'safeguarding-lead', hubId: HUB };
export const AUDITOR: Claims = { role: 'auditor' };
export const practitioner = (agencyId: string, sub?: string): Claims => ({ role: 'practitioner', agencyId, ...(sub ? { sub } : {}) });
export const agencySystem = (agencyId: string): Claims => ({ role: 'agency-system', agencyId });

export const unique = (): string => randomUUID().replace(/-/g, '').slice(0, 10);

/** Letters only (names are validated as names, and duplicate detection normalises them). */
export const uniqueName = (): string =>
  randomUUID()
    .replace(/[^a-f]/g, '')
    .slice(0, 8)
    .padEnd(8, 'x')
    .replace(/^./, (c) => c.toUpperCase());

export interface Member {
  id: string;
  givenName: string;
  familyName: string;
  relationship: string;
}

export interface Family {
  id: string;
  reference: string;
  members: Member[];
}

export interface Route {
  id: string;
  agencyId: string;
  serviceId: string;
  needCodes: string[];
  status: string;
  reason?: string;
  outcome?: string;
}

export interface Referral {
  id: string;
  reference: string;
  familyId: string;
  status: string;
  needs: { id: string; code: string; personId?: string }[];
  routes: Route[];
}

/** A family of four: a parent, a partner, a child and an unborn baby. */
export async function registerFamily(claims: Claims = COORDINATOR): Promise<Family> {
  const familyName = `Journey${uniqueName()}`;
  const res = await api()
    .post('/v1/families')
    .set(await bearer(claims))
    .send({
      hubId: HUB,
      members: [
        { givenName: `Andrea${uniqueName()}`, familyName, dateOfBirth: '1994-03-02', relationship: 'parent', livesInHousehold: true },
        { givenName: `Sam${uniqueName()}`, familyName, dateOfBirth: '1990-11-20', relationship: 'partner', livesInHousehold: true },
        { givenName: `Kai${uniqueName()}`, familyName, dateOfBirth: '2019-06-15', relationship: 'child', livesInHousehold: true },
        { givenName: 'Baby', familyName, expectedDueDate: '2031-01-10', relationship: 'unborn', livesInHousehold: true },
      ],
      address: { postcode: 'NG1 1AA', line1: '1 Test Street' },
      contact: { phone: '0115 000 0000' },
    });
  expect(res.status).toBe(201);
  return res.body as Family;
}

/** The agency a need is routed to at the hub: the directory lists services in routing order. */
export async function agencyFor(need: string, hubId = HUB): Promise<string> {
  const res = await api()
    .get('/v1/directory/services')
    .query({ need, hubId })
    .set(await bearer(COORDINATOR))
    .expect(200);
  const services = (Array.isArray(res.body) ? res.body : res.body.items) as { organisation: { id: string }; capacity: string; status: string }[];
  const first = services.find((s) => s.status === 'active' && s.capacity !== 'closed');
  if (!first) throw new Error(`no active service for ${need} at ${hubId}`);
  return first.organisation.id;
}

/** Five needs that route to five distinct agencies, with the agency each goes to. */
export const FIVE_NEEDS = ['midwifery', 'health-visiting', 'debt-advice', 'housing', 'perinatal-mental-health'] as const;

export async function routingFor(needs: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const need of needs) out.set(need, await agencyFor(need));
  return out;
}

export interface RaiseOptions {
  needs?: { code: string; personId?: string; urgency?: 'routine' | 'urgent' }[];
  idempotencyKey?: string;
  claims?: Claims;
}

export async function raiseReferral(family: Family, options: RaiseOptions = {}): Promise<Referral> {
  const needs: NonNullable<RaiseOptions['needs']> = options.needs ?? FIVE_NEEDS.map((code) => ({ code }));
  const req = api()
    .post('/v1/referrals')
    .set(await bearer(options.claims ?? COORDINATOR));
  if (options.idempotencyKey) req.set('Idempotency-Key', options.idempotencyKey);
  const res = await req.send({
    familyId: family.id,
    hubId: HUB,
    channel: 'hub-desk',
    story: 'Andrea is expecting her second baby, money is tight and the flat is damp. She would like help once.',
    needs: needs.map((n) => ({ code: n.code, urgency: n.urgency ?? 'routine', ...(n.personId ? { personId: n.personId } : {}) })),
  });
  expect(res.status).toBe(201);
  return res.body as Referral;
}

export const routeTo = (referral: Referral, agencyId: string): Route => {
  const route = referral.routes.find((r) => r.agencyId === agencyId);
  if (!route) throw new Error(`referral has no route to ${agencyId}`);
  return route;
};

export interface ConsentOptions {
  dataCategories?: string[];
  purposes?: string[];
  decision?: 'permit' | 'deny';
}

export async function grantConsent(family: Family, agencyIds: string[], options: ConsentOptions = {}): Promise<{ id: string; status: string }> {
  const res = await api()
    .post(`/v1/families/${family.id}/consents`)
    .set(await bearer(COORDINATOR))
    .send({
      subjectPersonIds: family.members.map((m) => m.id),
      grantedByPersonId: family.members[0].id,
      decision: options.decision ?? 'permit',
      agencyIds,
      purposes: options.purposes ?? ['referral', 'assessment', 'plan', 'service-delivery'],
      ...(options.dataCategories ? { dataCategories: options.dataCategories } : {}),
      method: 'verbal',
    });
  expect(res.status).toBe(201);
  expect(res.body.status).toBe('active');
  return res.body;
}

/** The referral as the coordinator sees it (every route). */
export async function referralAsCoordinator(referralId: string): Promise<Referral> {
  const res = await api()
    .get(`/v1/referrals/${referralId}`)
    .set(await bearer(COORDINATOR))
    .expect(200);
  return res.body as Referral;
}

/** Polls until every listed agency's route has the status; returns the referral then. */
export async function waitForRouteStatuses(referralId: string, expected: Record<string, string>, timeoutMs = 20_000): Promise<Referral> {
  return eventually(async () => {
    const referral = await referralAsCoordinator(referralId);
    return Object.entries(expected).every(([agencyId, status]) => referral.routes.find((r) => r.agencyId === agencyId)?.status === status) && referral;
  }, timeoutMs);
}

export async function moveRoute(referral: Referral, route: Route, to: string, claims: Claims, extra: { reason?: string; outcome?: string } = {}) {
  return api()
    .post(`/v1/referrals/${referral.id}/routes/${route.id}/transitions`)
    .set(await bearer(claims))
    .send({ to, ...extra });
}

export interface TimelineItem {
  id: string;
  at: string;
  type: string;
  source: string;
  summary: string;
  actor: { sub: string; role: string; agencyId?: string };
  subject: { kind: string; id: string };
}

/** Every page of a family's timeline, oldest first. */
export async function wholeTimeline(familyId: string, claims: Claims = COORDINATOR, limit = 100): Promise<TimelineItem[]> {
  const items: TimelineItem[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res: { status: number; body: { items: TimelineItem[]; nextCursor: string | null } } = await api()
      .get(`/v1/families/${familyId}/timeline`)
      .query({ order: 'asc', limit, ...(cursor ? { cursor } : {}) })
      .set(await bearer(claims));
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('timeline did not end within 100 pages');
}

/** The demo directory's early-help team: the lead practitioner's agency in the e2e plans. */
export const EARLY_HELP = 'early-help-team';

/** A family plan body (TAF): two outcomes, one action each for a housing and a debt-advice agency. */
export function planInput(agencies: { housing: string; debt: string }, overrides: Record<string, unknown> = {}) {
  return {
    leadPractitioner: { name: `Lead ${unique()}`, agencyId: EARLY_HELP },
    levelOfNeed: 'targeted',
    outcomes: [{ description: 'The family has a warm, dry home' }, { description: 'Debts are under control' }],
    actions: [
      { description: 'Housing assessment visit', agencyId: agencies.housing, dueDate: '2031-02-01', outcomeIndex: 0 },
      { description: 'Budgeting sessions', agencyId: agencies.debt, dueDate: '2031-02-15', outcomeIndex: 1 },
    ],
    nextReviewDate: '2031-03-01',
    ...overrides,
  };
}
