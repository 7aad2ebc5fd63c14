import { randomUUID } from 'node:crypto';
import { partnerTopic } from '@tellonce/contracts';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { api, bearer, eventually } from './support/api';
import { agencyFor, agencySystem, grantConsent, raiseReferral, registerFamily, routeTo } from './support/journey';

// Issue 6: agencies that consume Kafka directly get the same CloudEvents on their own topic
// (tellonce.partner.<agencyId>.v1), filtered by routes and consent exactly like webhooks.

interface PartnerEvent {
  id: string;
  type: string;
  specversion: string;
  data: { familyId: string; agencyId: string; routeId: string; status: string };
}

describe('partner Kafka topics', () => {
  const kafka = new Kafka({ clientId: 'e2e-partner-reader', brokers: (process.env.KAFKA_BROKERS || '127.0.0.1:19092').split(','), logLevel: logLevel.NOTHING });
  const received = new Map<string, PartnerEvent[]>();
  let consumer: Consumer;
  let agencyA: string;
  let agencyB: string;

  beforeAll(async () => {
    [agencyA, agencyB] = [await agencyFor('school-support'), await agencyFor('youth-services')];
    expect(agencyA).not.toBe(agencyB);
    for (const agencyId of [agencyA, agencyB]) {
      const res = await api().put('/v1/subscriptions/kafka-delivery').set(await bearer(agencySystem(agencyId))).send({ enabled: true });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ topic: partnerTopic(agencyId), enabled: true });
      await eventually(async () => (await api().put('/v1/subscriptions/kafka-delivery').set(await bearer(agencySystem(agencyId))).send({ enabled: true })).body.topicReady === true);
      received.set(agencyId, []);
    }
    consumer = kafka.consumer({ groupId: `e2e-partner-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [partnerTopic(agencyA), partnerTopic(agencyB)], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const owner = [agencyA, agencyB].find((a) => partnerTopic(a) === topic)!;
        received.get(owner)!.push(JSON.parse(message.value!.toString('utf8')) as PartnerEvent);
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    for (const agencyId of [agencyA, agencyB]) {
      await api().put('/v1/subscriptions/kafka-delivery').set(await bearer(agencySystem(agencyId))).send({ enabled: false });
    }
  });

  const about = (agencyId: string, familyId: string) => (received.get(agencyId) ?? []).filter((e) => e.data?.familyId === familyId);

  it('publishes an agency’s own route events to its topic only, and only once consent permits', async () => {
    const family = await registerFamily();
    const referral = await raiseReferral(family, { needs: [{ code: 'school-support' }, { code: 'youth-services' }] });
    const routeA = routeTo(referral, agencyA);
    const routeB = routeTo(referral, agencyB);
    await grantConsent(family, [agencyA]);

    const requested = await eventually(async () => about(agencyA, family.id).find((e) => e.type === 'referral.route.requested'));
    expect(requested).toMatchObject({ specversion: '1.0', data: { agencyId: agencyA, routeId: routeA.id, status: 'requested' } });
    expect(JSON.stringify(requested)).not.toContain(family.members[0].givenName);

    await new Promise((r) => setTimeout(r, 3000));
    expect(about(agencyB, family.id)).toEqual([]);

    await grantConsent(family, [agencyB]);
    await eventually(async () => about(agencyB, family.id).some((e) => e.type === 'referral.route.requested'));
    expect(about(agencyB, family.id).every((e) => e.data.agencyId === agencyB && e.data.routeId === routeB.id)).toBe(true);
    expect(about(agencyA, family.id).every((e) => e.data.routeId === routeA.id)).toBe(true);
  });
});
