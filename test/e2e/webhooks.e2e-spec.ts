import { Webhook } from 'standardwebhooks';
import { api, bearer, eventually } from './support/api';
import { agencyFor, agencySystem, grantConsent, raiseReferral, registerFamily, routeTo } from './support/journey';
import { type PartnerCloudEvent, Receiver } from './support/webhook-receiver';

// Issue 6 "Done means" (the partner side): an agency's system subscribes a local receiver and gets
// signed Standard Webhooks for its own routes only; deliveries are logged and can be replayed.
// WEBHOOK_ALLOW_INSECURE is true in the test stack, so http://127.0.0.1 receivers are accepted.

describe('webhooks: signed delivery of an agency own routes', () => {
  const mine = new Receiver();
  const theirs = new Receiver();
  let myAgency: string;
  let theirAgency: string;
  let mySubscription: { id: string; secret: string };
  let theirSubscription: { id: string; secret: string };

  beforeAll(async () => {
    [myAgency, theirAgency] = [await agencyFor('relationship-support'), await agencyFor('emotional-wellbeing')];
    expect(myAgency).not.toBe(theirAgency);
    const subscribe = async (agencyId: string, receiver: Receiver) => {
      const res = await api()
        .post('/v1/subscriptions')
        .set(await bearer(agencySystem(agencyId)))
        .send({ url: await receiver.start(), eventTypes: ['referral.route.requested', 'referral.route.updated', 'referral.route.cancelled'], description: 'e2e receiver' });
      expect(res.status).toBe(201);
      expect(res.body.secret).toMatch(/^whsec_/);
      return res.body as { id: string; secret: string };
    };
    mySubscription = await subscribe(myAgency, mine);
    theirSubscription = await subscribe(theirAgency, theirs);
  });

  afterAll(async () => {
    await api()
      .delete(`/v1/subscriptions/${mySubscription?.id}`)
      .set(await bearer(agencySystem(myAgency)));
    await api()
      .delete(`/v1/subscriptions/${theirSubscription?.id}`)
      .set(await bearer(agencySystem(theirAgency)));
    await Promise.all([mine.close(), theirs.close()]);
  });

  it('delivers referral.route.requested when consent releases the route, signed to the Standard Webhooks spec, and nothing to the other agency', async () => {
    const family = await registerFamily();
    const referral = await raiseReferral(family, { needs: [{ code: 'relationship-support' }, { code: 'emotional-wellbeing' }] });
    const myRoute = routeTo(referral, myAgency);
    const theirRoute = routeTo(referral, theirAgency);
    await grantConsent(family, [myAgency]);

    const [delivery] = await eventually(async () => {
      const found = mine.about(family.id).filter(({ event }) => event.type === 'referral.route.requested');
      return found.length > 0 && found;
    });
    const { received, event } = delivery;
    // An independent verifier: throws on a bad signature, an old timestamp or missing headers.
    const verified = new Webhook(mySubscription.secret).verify(received.body, received.headers) as PartnerCloudEvent;
    expect(verified.id).toBe(event.id);
    expect(received.headers['webhook-id']).toEqual(expect.any(String));
    expect(received.headers['webhook-signature']).toMatch(/^v1,/);
    expect(() => new Webhook(theirSubscription.secret).verify(received.body, received.headers)).toThrow();
    expect(event).toMatchObject({ specversion: '1.0', type: 'referral.route.requested' });
    expect(event.data).toMatchObject({ referralId: referral.id, routeId: myRoute.id, agencyId: myAgency, status: 'requested', needCodes: ['relationship-support'] });
    // Minimised: no names, story or contact details.
    expect(received.body).not.toContain(family.members[0].givenName);
    expect(received.body).not.toContain('damp');

    // On the wire: the other agency heard nothing about this family (its route still waits for consent).
    await new Promise((r) => setTimeout(r, 3000));
    expect(theirs.about(family.id)).toEqual([]);
    expect(mine.about(family.id).every(({ event: e }) => e.data.agencyId === myAgency && e.data.routeId !== theirRoute.id)).toBe(true);

    // Once it has its own consent it hears only about its own route.
    await grantConsent(family, [theirAgency]);
    await eventually(async () => theirs.about(family.id).some(({ event: e }) => e.type === 'referral.route.requested'));
    for (const { event: e, received: r } of theirs.about(family.id)) {
      expect(e.data).toMatchObject({ agencyId: theirAgency, routeId: theirRoute.id });
      expect(() => new Webhook(theirSubscription.secret).verify(r.body, r.headers)).not.toThrow();
    }
    expect(mine.about(family.id).some(({ event: e }) => e.data.routeId === theirRoute.id)).toBe(false);
  });

  it('lists the delivery attempt, and a replay re-delivers with the same webhook-id', async () => {
    const family = await registerFamily();
    const since = new Date(Date.now() - 1000).toISOString();
    const referral = await raiseReferral(family, { needs: [{ code: 'relationship-support' }] });
    await grantConsent(family, [myAgency]);
    const first = await eventually(async () => mine.about(family.id).find(({ event }) => event.type === 'referral.route.requested'));
    const webhookId = first.received.headers['webhook-id'];

    const auth = await bearer(agencySystem(myAgency));
    const attempt = await eventually(async () => {
      const res = await api().get(`/v1/subscriptions/${mySubscription.id}/deliveries`).query({ limit: 200 }).set(auth).expect(200);
      return (res.body.items as { webhookId: string; status: string; statusCode: number; attempt: number; eventType: string }[]).find((d) => d.webhookId === webhookId && d.status === 'succeeded');
    });
    expect(attempt).toMatchObject({ statusCode: 200, attempt: 1, eventType: 'referral.route.requested' });

    // Another agency cannot read this subscription's log.
    expect((await api().get(`/v1/subscriptions/${mySubscription.id}/deliveries`).set(await bearer(agencySystem(theirAgency)))).status).toBe(404);

    const replay = await api().post(`/v1/subscriptions/${mySubscription.id}/replay`).set(auth).send({ since });
    expect(replay.status).toBeLessThan(300);
    expect(replay.body.replayed).toBeGreaterThanOrEqual(1);
    const again = await eventually(async () => {
      const copies = mine.about(family.id).filter(({ received }) => received.headers['webhook-id'] === webhookId);
      return copies.length >= 2 && copies;
    });
    expect(again[1].received.body).toBe(first.received.body);
    expect(() => new Webhook(mySubscription.secret).verify(again[1].received.body, again[1].received.headers)).not.toThrow();
    expect(again[1].event.data.referralId).toBe(referral.id);
    await eventually(async () => {
      const res = await api().get(`/v1/subscriptions/${mySubscription.id}/deliveries`).query({ limit: 200 }).set(auth).expect(200);
      return (res.body.items as { webhookId: string; status: string }[]).filter((d) => d.webhookId === webhookId && d.status === 'succeeded').length >= 2;
    });
  });
});
