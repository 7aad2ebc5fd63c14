import { api, bearer, eventually } from './support/api';
import {
  AUDITOR,
  COORDINATOR,
  FIVE_NEEDS,
  SAFEGUARDING_LEAD,
  agencyFor,
  grantConsent,
  practitioner,
  raiseReferral,
  referralAsCoordinator,
  registerFamily,
  routeTo,
  routingFor,
  unique,
  waitForRouteStatuses,
} from './support/journey';

// Issue 4 "Done means": consent-gated fan-out, withdrawal, safeguarding override and audit, through
// the gateway. Tamper detection of the audit hash chain (a row changed in the database is found by
// the verifier) is covered by libs/consent/test/integration, which can reach the consent database.

interface AuditItem {
  seq: number;
  service: string;
  actor: { sub: string; role: string; agencyId?: string };
  action: string;
  endpoint: string;
  resource: { kind: string; id: string };
  familyId?: string;
  outcome: 'allowed' | 'denied';
  basis?: string;
}

async function auditOf(familyId: string): Promise<AuditItem[]> {
  const items: AuditItem[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const res: { status: number; body: { items: AuditItem[]; nextCursor: string | null } } = await api()
      .get('/v1/audit')
      .query({ familyId, limit: 200, ...(cursor ? { cursor } : {}) })
      .set(await bearer(AUDITOR));
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  return items;
}

describe('consent: partial consent, scoped reads, withdrawal and audit', () => {
  let family: Awaited<ReturnType<typeof registerFamily>>;
  let referral: Awaited<ReturnType<typeof raiseReferral>>;
  let routing: Map<string, string>;
  let consented: string[];
  let unconsented: string[];
  let consentId: string;
  const reader = `e2e-reader-${unique()}`;
  const outsider = `e2e-outsider-${unique()}`;

  beforeAll(async () => {
    family = await registerFamily();
    routing = await routingFor(FIVE_NEEDS);
    referral = await raiseReferral(family);
    consented = [routing.get('midwifery') as string, routing.get('debt-advice') as string];
    unconsented = FIVE_NEEDS.map((n) => routing.get(n) as string).filter((a) => !consented.includes(a));
  });

  it('partial consent releases exactly the consented routes within seconds', async () => {
    const started = Date.now();
    consentId = (await grantConsent(family, consented)).id;
    const released = await waitForRouteStatuses(referral.id, Object.fromEntries(consented.map((a) => [a, 'requested'])), 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const agencyId of unconsented) expect(routeTo(released, agencyId).status).toBe('awaiting-consent');
    // And still so a moment later: nothing else is released by the same event.
    await new Promise((r) => setTimeout(r, 1500));
    const later = await referralAsCoordinator(referral.id);
    expect(later.routes.filter((r) => r.status === 'requested').map((r) => r.agencyId).sort()).toEqual([...consented].sort());

    const decision = await api()
      .get('/v1/consent/decision')
      .query({ familyId: family.id, agencyId: consented[0], purpose: 'referral' })
      .set(await bearer(COORDINATOR))
      .expect(200);
    expect(decision.body).toMatchObject({ permitted: true, basis: 'consent', consentId });
  });

  it('a consented agency reads the family and its referral; an unconsented one gets 404 on both', async () => {
    const consentedReader = practitioner(consented[0], reader);
    const fam = await api().get(`/v1/families/${family.id}`).set(await bearer(consentedReader));
    expect(fam.status).toBe(200);
    expect(fam.body.id).toBe(family.id);
    const ref = await api().get(`/v1/referrals/${referral.id}`).set(await bearer(consentedReader));
    expect(ref.status).toBe(200);
    expect(ref.body.routes.map((r: { agencyId: string }) => r.agencyId)).toEqual([consented[0]]);

    const stranger = practitioner(unconsented[0], outsider);
    for (const path of [`/v1/families/${family.id}`, `/v1/referrals/${referral.id}`]) {
      const res = await api().get(path).set(await bearer(stranger));
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(family.id);
    }
  });

  it('the audit shows each practitioner read and each denial, and the hash chain verifies', async () => {
    const audit = await eventually(async () => {
      const items = await auditOf(family.id);
      const readsOk = items.filter((i) => i.actor.sub === reader && i.outcome === 'allowed' && i.action === 'read');
      const denials = items.filter((i) => i.actor.sub === outsider && i.outcome === 'denied');
      return readsOk.length >= 2 && denials.length >= 2 && { readsOk, denials };
    });
    expect(audit.readsOk.map((i) => i.endpoint).sort()).toEqual(['GET /v1/families/:id', 'GET /v1/referrals/:id']);
    for (const item of audit.readsOk) expect(item).toMatchObject({ familyId: family.id, basis: 'consent', actor: { role: 'practitioner', agencyId: consented[0] } });
    expect(audit.denials.map((i) => i.endpoint).sort()).toEqual(['GET /v1/families/:id', 'GET /v1/referrals/:id']);
    for (const item of audit.denials) expect(item).toMatchObject({ familyId: family.id, actor: { role: 'practitioner', agencyId: unconsented[0] } });

    // Only an auditor may read the audit.
    expect((await api().get('/v1/audit').query({ familyId: family.id }).set(await bearer(COORDINATOR))).status).toBe(403);

    const verify = await api().get('/v1/audit/verify').set(await bearer(AUDITOR));
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ valid: true });
    expect(verify.body.checked).toBeGreaterThan(0);
    const verifyFamily = await api().get('/v1/audit/verify').query({ familyId: family.id }).set(await bearer(AUDITOR)).expect(200);
    expect(verifyFamily.body.valid).toBe(true);
    expect(verifyFamily.body.checked).toBeGreaterThanOrEqual(4);
  });

  it('withdrawal cancels the agency open routes (consent-withdrawn) and revokes its reads', async () => {
    const consentedReader = practitioner(consented[0], reader);
    await eventually(async () => (await api().get(`/v1/families/${family.id}/timeline`).set(await bearer(consentedReader))).status === 200, 10_000);
    await api().post(`/v1/consents/${consentId}/withdraw`).set(await bearer(COORDINATOR)).send({ reason: 'Changed their mind' }).expect(200);
    const after = await waitForRouteStatuses(referral.id, Object.fromEntries(consented.map((a) => [a, 'cancelled'])), 10_000);
    for (const agencyId of consented) expect(routeTo(after, agencyId).reason).toBe('consent-withdrawn');
    for (const agencyId of unconsented) expect(routeTo(after, agencyId).status).toBe('awaiting-consent');
    await eventually(async () => (await api().get(`/v1/families/${family.id}`).set(await bearer(consentedReader))).status === 404, 10_000);
    expect((await api().get(`/v1/referrals/${referral.id}`).set(await bearer(consentedReader))).status).toBe(404);
    // The timeline too: not even the agency's own (now cancelled) route; nor, for an agency never
    // permitted, its route that waits for consent. The same 404 as for a family it never heard of.
    await eventually(async () => (await api().get(`/v1/families/${family.id}/timeline`).set(await bearer(consentedReader))).status === 404, 10_000);
    const neverPermitted = await api().get(`/v1/families/${family.id}/timeline`).set(await bearer(practitioner(unconsented[0])));
    expect(neverPermitted.status).toBe(404);
    expect(neverPermitted.headers['content-type']).toMatch(/application\/problem\+json/);
    const decision = await api()
      .get('/v1/consent/decision')
      .query({ familyId: family.id, agencyId: consented[0], purpose: 'referral' })
      .set(await bearer(COORDINATOR))
      .expect(200);
    expect(decision.body).toMatchObject({ permitted: false, basis: 'none' });
  });
});

describe('consent: safeguarding override', () => {
  it('a practitioner may not record one (403), a short justification is 400, and a valid one releases the social-care route', async () => {
    const family = await registerFamily();
    const socialCare = await agencyFor('social-care');
    const referral = await raiseReferral(family, { needs: [{ code: 'social-care', urgency: 'urgent' }, { code: 'housing' }] });
    expect(routeTo(referral, socialCare).status).toBe('awaiting-consent');
    const justification = 'Risk of significant harm disclosed at the hub desk; sharing without consent.';

    const asPractitioner = await api()
      .post(`/v1/families/${family.id}/safeguarding-overrides`)
      .set(await bearer(practitioner(socialCare)))
      .send({ agencyId: socialCare, justification });
    expect(asPractitioner.status).toBe(403);
    const short = await api()
      .post(`/v1/families/${family.id}/safeguarding-overrides`)
      .set(await bearer(SAFEGUARDING_LEAD))
      .send({ agencyId: socialCare, justification: 'too short' });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'justification' })]));
    expect(JSON.stringify(short.body)).not.toContain('too short');
    const none = await api().get('/v1/consent/decision').query({ familyId: family.id, agencyId: socialCare }).set(await bearer(COORDINATOR)).expect(200);
    expect(none.body).toMatchObject({ permitted: false, basis: 'none' });

    const override = await api()
      .post(`/v1/families/${family.id}/safeguarding-overrides`)
      .set(await bearer(SAFEGUARDING_LEAD))
      .send({ agencyId: socialCare, justification });
    expect(override.status).toBe(201);
    expect(JSON.stringify(override.body)).not.toContain(justification);

    const released = await waitForRouteStatuses(referral.id, { [socialCare]: 'requested' }, 10_000);
    expect(routeTo(released, await agencyFor('housing')).status).toBe('awaiting-consent');
    const decision = await api().get('/v1/consent/decision').query({ familyId: family.id, agencyId: socialCare, purpose: 'referral' }).set(await bearer(COORDINATOR)).expect(200);
    expect(decision.body).toMatchObject({ permitted: true, basis: 'safeguarding-override' });
    // An override permits only its own agency.
    const other = await api().get('/v1/consent/decision').query({ familyId: family.id, agencyId: await agencyFor('housing') }).set(await bearer(COORDINATOR)).expect(200);
    expect(other.body).toMatchObject({ permitted: false, basis: 'none' });

    // Social care now reads the referral on that basis, and the override is audited.
    expect((await api().get(`/v1/referrals/${referral.id}`).set(await bearer(practitioner(socialCare)))).status).toBe(200);
    await eventually(async () => {
      const items = await auditOf(family.id);
      return items.some((i) => i.actor.role === 'safeguarding-lead' && i.action === 'write' && i.outcome === 'allowed') && items.some((i) => i.actor.agencyId === socialCare && i.basis === 'safeguarding-override');
    });
  });
});
