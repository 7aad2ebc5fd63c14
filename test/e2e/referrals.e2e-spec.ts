import { randomUUID } from 'node:crypto';
import { api, bearer } from './support/api';
import {
  COORDINATOR,
  FIVE_NEEDS,
  HUB,
  agencyFor,
  grantConsent,
  moveRoute,
  practitioner,
  raiseReferral,
  referralAsCoordinator,
  registerFamily,
  routeTo,
  routingFor,
  unique,
  waitForRouteStatuses,
} from './support/journey';

// Issue 3 "Done means": referrals through the gateway, with the whole stack (Kafka, PostgreSQL, Redis).

async function referralCount(familyId: string): Promise<number> {
  const res = await api()
    .get('/v1/referrals')
    .query({ familyId, limit: 100 })
    .set(await bearer(COORDINATOR))
    .expect(200);
  return res.body.items.length;
}

describe('referrals: routing a whole family', () => {
  it('a family with four members and five needs gets one route per agency, each to the first service in routing order', async () => {
    const family = await registerFamily();
    expect(family.members.map((m) => m.relationship).sort()).toEqual(['child', 'parent', 'partner', 'unborn']);
    const byRelationship = Object.fromEntries(family.members.map((m) => [m.relationship, m.id]));
    const routing = await routingFor(FIVE_NEEDS);
    expect(new Set(routing.values()).size).toBe(5);

    const referral = await raiseReferral(family, {
      needs: [
        { code: 'midwifery', personId: byRelationship.unborn },
        { code: 'health-visiting', personId: byRelationship.child },
        { code: 'debt-advice', personId: byRelationship.parent, urgency: 'urgent' },
        { code: 'housing' },
        { code: 'perinatal-mental-health', personId: byRelationship.parent },
      ],
    });
    expect(referral.familyId).toBe(family.id);
    expect(referral.reference).toMatch(/^[A-Z]+-[A-Z0-9]+$/);
    expect(referral.needs.map((n) => n.code).sort()).toEqual([...FIVE_NEEDS].sort());
    expect(referral.needs.find((n) => n.code === 'midwifery')?.personId).toBe(byRelationship.unborn);
    expect(referral.routes).toHaveLength(5);
    for (const need of FIVE_NEEDS) {
      const route = routeTo(referral, routing.get(need) as string);
      expect(route).toMatchObject({ needCodes: [need], status: 'awaiting-consent' });
      expect(route.serviceId).toEqual(expect.any(String));
    }

    // As stored, not just as answered.
    const stored = await referralAsCoordinator(referral.id);
    expect(stored.routes.map((r) => `${r.agencyId}:${r.needCodes.join('+')}:${r.status}`).sort()).toEqual(
      FIVE_NEEDS.map((need) => `${routing.get(need)}:${need}:awaiting-consent`).sort(),
    );
  });

  it('needs met by the same agency share one route (routing prefers an agency the referral already goes to)', async () => {
    const family = await registerFamily();
    const healthVisitors = await agencyFor('health-visiting');
    const housing = await agencyFor('housing');
    // The health visitors also offer infant feeding (one of several open services for it).
    const feeding = await api().get('/v1/directory/services').query({ need: 'infant-feeding', hubId: HUB }).set(await bearer(COORDINATOR)).expect(200);
    expect(feeding.body.map((s: { organisation: { id: string } }) => s.organisation.id)).toContain(healthVisitors);
    const referral = await raiseReferral(family, { needs: [{ code: 'health-visiting' }, { code: 'infant-feeding' }, { code: 'housing' }] });
    expect(referral.routes).toHaveLength(2);
    expect(routeTo(referral, healthVisitors).needCodes.sort()).toEqual(['health-visiting', 'infant-feeding']);
    expect(routeTo(referral, housing).needCodes).toEqual(['housing']);
  });

  it('a retry with the same Idempotency-Key returns the first referral and creates nothing', async () => {
    const family = await registerFamily();
    const key = `e2e-${unique()}`;
    const first = await raiseReferral(family, { needs: [{ code: 'housing' }], idempotencyKey: key });
    const retry = await raiseReferral(family, { needs: [{ code: 'housing' }], idempotencyKey: key });
    expect(retry.id).toBe(first.id);
    expect(retry.routes.map((r) => r.id)).toEqual(first.routes.map((r) => r.id));
    expect(await referralCount(family.id)).toBe(1);
    // A different key is a different referral.
    await raiseReferral(family, { needs: [{ code: 'housing' }], idempotencyKey: `e2e-${unique()}` });
    expect(await referralCount(family.id)).toBe(2);
  });

  it('retries sent while the first is still in flight wait for it and get its answer: one referral', async () => {
    const family = await registerFamily();
    const key = `e2e-${unique()}`;
    const all = await Promise.all(Array.from({ length: 6 }, () => raiseReferral(family, { needs: [{ code: 'housing' }], idempotencyKey: key })));
    expect(new Set(all.map((r) => r.id)).size).toBe(1);
    expect(await referralCount(family.id)).toBe(1);
  });
});

describe('referrals: the closed loop per agency', () => {
  let family: Awaited<ReturnType<typeof registerFamily>>;
  let referral: Awaited<ReturnType<typeof raiseReferral>>;
  let midwives: string;
  let debt: string;
  let housing: string;

  beforeAll(async () => {
    family = await registerFamily();
    [midwives, debt, housing] = [await agencyFor('midwifery'), await agencyFor('debt-advice'), await agencyFor('housing')];
    referral = await raiseReferral(family, { needs: [{ code: 'midwifery' }, { code: 'debt-advice' }, { code: 'housing' }] });
    await grantConsent(family, [midwives, debt]);
    await waitForRouteStatuses(referral.id, { [midwives]: 'requested', [debt]: 'requested' });
  });

  it('an agency sees only its own route and needs, and cannot see or move another agency route (404)', async () => {
    const own = await api()
      .get(`/v1/referrals/${referral.id}`)
      .set(await bearer(practitioner(debt)));
    expect(own.status).toBe(200);
    expect(own.body.routes.map((r: { agencyId: string }) => r.agencyId)).toEqual([debt]);
    expect(own.body.needs.map((n: { code: string }) => n.code)).toEqual(['debt-advice']);

    const midwifeRoute = routeTo(referral, midwives);
    const move = await moveRoute(referral, midwifeRoute, 'accepted', practitioner(debt));
    expect(move.status).toBe(404);
    expect(JSON.stringify(move.body)).not.toContain(midwives);
    expect(routeTo(await referralAsCoordinator(referral.id), midwives).status).toBe('requested');

    // An agency with no route to the family learns nothing at all.
    const stranger = practitioner('youth-service');
    expect((await api().get(`/v1/referrals/${referral.id}`).set(await bearer(stranger))).status).toBe(404);
    expect((await api().get(`/v1/families/${family.id}`).set(await bearer(stranger))).status).toBe(404);
    expect((await moveRoute(referral, midwifeRoute, 'accepted', stranger)).status).toBe(404);
    const listed = await api().get('/v1/referrals').query({ familyId: family.id }).set(await bearer(stranger)).expect(200);
    expect(listed.body.items).toEqual([]);

    // The route still waiting for consent is invisible to its own agency.
    expect((await api().get(`/v1/referrals/${referral.id}`).set(await bearer(practitioner(housing)))).status).toBe(404);
  });

  it('an illegal move is 409 and changes nothing', async () => {
    const route = routeTo(referral, midwives);
    const res = await moveRoute(referral, route, 'completed', practitioner(midwives));
    expect(res.status).toBe(409);
    expect(res.body.status).toBe(409);
    const rejectWithoutReason = await moveRoute(referral, route, 'rejected', practitioner(midwives));
    expect(rejectWithoutReason.status).toBe(400);
    // The coordinator may cancel, but not accept on the agency's behalf; the agency may not cancel: 403, a role not allowed.
    expect((await moveRoute(referral, route, 'accepted', COORDINATOR)).status).toBe(403);
    expect((await moveRoute(referral, route, 'cancelled', practitioner(midwives))).status).toBe(403);
    expect(routeTo(await referralAsCoordinator(referral.id), midwives).status).toBe('requested');
  });

  it('two simultaneous accepts: exactly one 200 and one 409', async () => {
    const route = routeTo(referral, debt);
    const [a, b] = await Promise.all([
      moveRoute(referral, route, 'accepted', practitioner(debt, `e2e-debt-a-${unique()}`)),
      moveRoute(referral, route, 'accepted', practitioner(debt, `e2e-debt-b-${unique()}`)),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    expect(winner.body).toMatchObject({ id: route.id, status: 'accepted' });
    const stored = routeTo(await referralAsCoordinator(referral.id), debt);
    expect(stored.status).toBe('accepted');
    // The closed loop goes on from there.
    expect((await moveRoute(referral, route, 'in-progress', practitioner(debt))).status).toBe(200);
    const done = await moveRoute(referral, route, 'completed', practitioner(debt), { outcome: 'Debt plan agreed with creditors' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', outcome: 'Debt plan agreed with creditors' });
  });
});

describe('referrals: released by consent, cancelled by withdrawal', () => {
  it('routes wait for consent, move to requested for the consented agencies, and are cancelled (consent-withdrawn) on withdrawal', async () => {
    const family = await registerFamily();
    const [midwives, debt, housing] = [await agencyFor('midwifery'), await agencyFor('debt-advice'), await agencyFor('housing')];
    const referral = await raiseReferral(family, { needs: [{ code: 'midwifery' }, { code: 'debt-advice' }, { code: 'housing' }] });
    expect(referral.routes.every((r) => r.status === 'awaiting-consent')).toBe(true);

    const consent = await grantConsent(family, [midwives, debt]);
    const released = await waitForRouteStatuses(referral.id, { [midwives]: 'requested', [debt]: 'requested' });
    expect(routeTo(released, housing).status).toBe('awaiting-consent');

    // Something already finished is never rewritten by a later withdrawal.
    expect((await moveRoute(referral, routeTo(referral, midwives), 'accepted', practitioner(midwives))).status).toBe(200);

    const withdrawn = await api()
      .post(`/v1/consents/${consent.id}/withdraw`)
      .set(await bearer(COORDINATOR))
      .send({ reason: 'Family asked us to stop' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');

    const cancelled = await waitForRouteStatuses(referral.id, { [midwives]: 'cancelled', [debt]: 'cancelled' });
    expect(routeTo(cancelled, midwives)).toMatchObject({ status: 'cancelled', reason: 'consent-withdrawn' });
    expect(routeTo(cancelled, debt)).toMatchObject({ status: 'cancelled', reason: 'consent-withdrawn' });
    expect(routeTo(cancelled, housing).status).toBe('awaiting-consent');
    expect((await api().get(`/v1/referrals/${referral.id}`).set(await bearer(practitioner(debt)))).status).toBe(404);
  });
});

describe('referrals: bad input gives the contract 4xx and changes nothing', () => {
  it.each([
    ['an unknown need code', (familyId: string) => ({ needs: [{ code: 'astrology', urgency: 'routine' }], familyId }), 400, 'needs.0.code'],
    ['a bad channel', (familyId: string) => ({ channel: 'carrier-pigeon', familyId }), 400, 'channel'],
    ['an unknown field', (familyId: string) => ({ familyId, priority: 'high' }), 400, 'priority'],
    // PostgreSQL cannot store U+0000: refused as input, not left to fail in the database as a 500.
    ['a NUL character in the story', (familyId: string) => ({ familyId, story: 'Money is \u0000 tight' }), 400, 'story'],
    ['a NUL character in a need', (familyId: string) => ({ familyId, needs: [{ code: 'housing', urgency: 'routine', notes: '\u0000' }] }), 400, 'needs.0.notes'],
  ])('%s', async (_label, patch, status, field) => {
    const family = await registerFamily();
    const body = { hubId: HUB, channel: 'phone', story: 'A short story.', needs: [{ code: 'housing', urgency: 'routine' }], ...patch(family.id) };
    const res = await api().post('/v1/referrals').set(await bearer(COORDINATOR)).send(body);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await referralCount(family.id)).toBe(0);
  });

  it.each([
    ['GET', '/v1/families/%00'],
    ['GET', '/v1/families/a%00b/timeline'],
    ['GET', '/v1/referrals/%00'],
    ['GET', '/v1/referrals?agencyId=%00'],
    ['GET', '/v1/families?q=FAM-%00'],
    ['GET', '/v1/directory/services?hubId=%00'],
    ['POST', '/v1/families/%00/members'],
  ])('a NUL character in the URL (%s %s) is 400 problem+json, never a 5xx', async (method, url) => {
    const req = method === 'GET' ? api().get(url) : api().post(url).send({ givenName: 'Kim', familyName: 'Lee', relationship: 'sibling', livesInHousehold: true });
    const res = await req.set(await bearer(COORDINATOR));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'url', message: 'must not contain NUL characters' }]);
  });

  it('a body nested thousands of levels deep is 400 problem+json, never a 5xx', async () => {
    const family = await registerFamily();
    const deep = `{"familyId":"${family.id}","hubId":"${HUB}","channel":"phone","story":"x","needs":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const res = await api().post('/v1/referrals').set(await bearer(COORDINATOR)).set('content-type', 'application/json').send(deep);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: '(body)', message: 'must not be nested more than 32 levels deep' }]);
    expect(await referralCount(family.id)).toBe(0);
  });

  it('an unknown family is 404 and creates nothing', async () => {
    const familyId = randomUUID();
    const res = await api()
      .post('/v1/referrals')
      .set(await bearer(COORDINATOR))
      .send({ familyId, hubId: HUB, channel: 'online', story: 'A short story.', needs: [{ code: 'housing', urgency: 'routine' }] });
    expect(res.status).toBe(404);
    expect(res.body.status).toBe(404);
    expect(await referralCount(familyId)).toBe(0);
  });

  it('a 3 MB story is 413 and creates nothing', async () => {
    const family = await registerFamily();
    const res = await api()
      .post('/v1/referrals')
      .set(await bearer(COORDINATOR))
      .send({ familyId: family.id, hubId: HUB, channel: 'online', story: 'x'.repeat(3 * 1024 * 1024), needs: [{ code: 'housing', urgency: 'routine' }] });
    expect(res.status).toBe(413);
    expect(res.body.status).toBe(413);
    expect(await referralCount(family.id)).toBe(0);
  });
});
