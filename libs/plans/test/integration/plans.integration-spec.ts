import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  AgencyUpsertedV1,
  CloudEvent,
  ConsentGrantedV1,
  ConsentWithdrawnV1,
  EventDefinition,
  FamilyRegisteredV1,
  fromKafkaMessage,
  PlanActionAssignedV1,
  PlanActionOverdueV1,
  PlanLevelChangedV1,
  PlanReviewOverdueV1,
  toKafkaHeaders,
  TOPICS,
} from '@tellonce/contracts';
import { createServiceApp, validateConfig } from '@tellonce/platform';
import { createScratchDatabase, eventually, startTestIssuer, TestIssuer, testEnv } from '@tellonce/testing';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { Clock, OverdueScanner, PlansConfig, plansServiceModule } from '../../src';

/** Keeps ticking like real time, from wherever the test sets it. */
class FakeClock implements Clock {
  private offsetMs = 0;
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

describe('plans service (Team Around the Family)', () => {
  const run = randomUUID().slice(0, 8);
  const agencyA = `it-agency-a-${run}`;
  const agencyB = `it-agency-b-${run}`;
  const agencyC = `it-agency-c-${run}`;
  const earlyHelp = `it-early-help-${run}`;
  const familyId = randomUUID();
  const clock = new FakeClock();
  const kafka = new Kafka({ clientId: `plans-it-${run}`, brokers: testEnv.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const seen: CloudEvent[] = [];

  let app: INestApplication;
  let db: { url: string; drop: () => Promise<void> };
  let issuer: TestIssuer;
  let producer: Producer;
  let reader: Consumer;
  let dataSource: DataSource;
  let coordinator: string;
  let practitionerA: string;
  let practitionerB: string;
  let practitionerC: string;

  async function publish<T>(definition: EventDefinition<T>, key: string, data: T): Promise<void> {
    const event: CloudEvent = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'tellonce/plans-it',
      type: definition.type,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      partitionkey: key,
      correlationid: randomUUID(),
      data,
    };
    await producer.send({ topic: definition.topic, messages: [{ key, value: JSON.stringify(data), headers: toKafkaHeaders(event) }] });
  }

  const ofType = <T>(definition: EventDefinition<T>) => seen.filter((e) => e.type === definition.type) as CloudEvent<T>[];
  const http = () => request(app.getHttpServer());
  const countPlans = async () => Number((await dataSource.query('SELECT count(*)::int AS n FROM plans WHERE family_id = $1', [familyId]))[0].n);

  const validPlan = () => ({
    leadPractitioner: { name: 'Sam Keyworker', agencyId: agencyA },
    levelOfNeed: 'targeted',
    outcomes: [{ description: 'Children attend school every day' }, { description: 'Household debts are manageable' }],
    actions: [
      { description: 'Daily school run support', agencyId: agencyA, dueDate: '2030-01-10', outcomeIndex: 0 },
      { description: 'Debt advice appointment', agencyId: agencyB, dueDate: '2030-02-10', outcomeIndex: 1 },
    ],
    nextReviewDate: '2030-03-01',
  });

  beforeAll(async () => {
    issuer = await startTestIssuer();
    db = await createScratchDatabase('plans');
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: `plans-it-reader-${run}` });
    await reader.connect();
    await reader.subscribe({ topic: TOPICS.plans, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() !== familyId) return;
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString()]));
        seen.push(fromKafkaMessage(headers, message.value));
      },
    });

    // Own consumer group: another plans instance on the test broker (e2e stack) must not take our partitions.
    process.env.KAFKA_CONSUMER_GROUP_SUFFIX = `-it-${run}`;
    const config = validateConfig(PlansConfig, {
      ...process.env,
      PORT: '3003',
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testEnv.kafkaBrokers,
      REDIS_URL: testEnv.redisUrl,
      AUTH_JWKS_URL: issuer.jwksUrl,
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
      LOG_LEVEL: 'warn',
      OVERDUE_SCAN_EVERY_MS: String(60 * 60 * 1000),
      EARLY_HELP_AGENCY_ID: earlyHelp,
    });
    app = await createServiceApp(plansServiceModule(config, { clock }), { serviceName: 'plans', port: 0 });
    await app.listen(0, '127.0.0.1');
    dataSource = app.get<DataSource>(getDataSourceToken());

    // The plans service learns agencies and families from their topics (published once its consumers run).
    for (const agencyId of [agencyA, agencyB, agencyC]) await publish(AgencyUpsertedV1, agencyId, { agencyId, name: `Agency ${agencyId}`, kind: 'voluntary', active: true });
    await publish(FamilyRegisteredV1, familyId, {
      familyId,
      reference: `FAM-${run.slice(0, 5).toUpperCase()}`,
      hubId: 'hub-north',
      members: [{ personId: randomUUID(), relationship: 'parent', livesInHousehold: true }],
      actor: { sub: 'it', role: 'coordinator', hubId: 'hub-north' },
    });


    coordinator = await issuer.token({ role: 'coordinator', hubId: 'hub-north' });
    practitionerA = await issuer.token({ role: 'practitioner', agencyId: agencyA });
    practitionerB = await issuer.token({ role: 'practitioner', agencyId: agencyB });
    practitionerC = await issuer.token({ role: 'practitioner', agencyId: agencyC });

    await eventually(async () => {
      const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM known_agencies WHERE agency_id = ANY($1)', [[agencyA, agencyB, agencyC]]);
      const [{ f }] = await dataSource.query('SELECT count(*)::int AS f FROM known_families WHERE family_id = $1', [familyId]);
      return n === 3 && f === 1;
    }, 90_000);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await reader?.disconnect();
    await producer?.disconnect();
    await db?.drop();
    await issuer?.close();
  });

  let plan: {
    id: string;
    version: number;
    outcomes: { id: string }[];
    actions: { id: string; agencyId: string }[];
  };

  const consentsOfB: string[] = [];
  /** A consent to share with one agency, as the consent service announces it; returns its id. */
  async function grant(agencyId: string, purposes: string[], dataCategories: ('plan' | 'needs')[] = []): Promise<string> {
    const consentId = randomUUID();
    await publish(ConsentGrantedV1, familyId, { consentId, familyId, decision: 'permit', subjectPersonIds: [], agencyIds: [agencyId], purposes, dataCategories, method: 'written', actor: { sub: 'it', role: 'coordinator' } });
    return consentId;
  }
  const scopeOf = async (token: string) => {
    const r = await http().get(`/v1/plans/${plan.id}`).set('authorization', `Bearer ${token}`);
    return r.status === 200 ? (r.body.scope as string) : r.status;
  };

  it('refuses bad input with 4xx and creates nothing', async () => {
    const unknownAgency = validPlan();
    unknownAgency.actions[1].agencyId = `it-nowhere-${run}`;
    const r1 = await http().post(`/v1/families/${familyId}/plans`).set('authorization', `Bearer ${coordinator}`).send(unknownAgency);
    expect(r1.status).toBe(400);
    expect(r1.body.errors).toEqual([{ field: 'actions.1.agencyId', message: expect.any(String) }]);

    for (const dueDate of ['2030-13-01', '01/02/2030', '2030-02-30']) {
      const badDate = validPlan();
      badDate.actions[0].dueDate = dueDate;
      const r = await http().post(`/v1/families/${familyId}/plans`).set('authorization', `Bearer ${coordinator}`).send(badDate);
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain('actions.0.dueDate');
    }

    // Each of these once reached the database or the service unchecked (a 500).
    const nullOutcomeIndex = validPlan() as Record<string, unknown> & { actions: Record<string, unknown>[] };
    nullOutcomeIndex.actions[0].outcomeIndex = null;
    const noLead: Record<string, unknown> = validPlan();
    delete noLead.leadPractitioner;
    const blank = validPlan();
    blank.outcomes[0].description = '   ';
    const wrapped = { ...validPlan(), outcomes: [[{ description: 'Debts under control' }]] };
    const yearZero = validPlan();
    yearZero.actions[0].dueDate = '0000-01-01';
    for (const [body, field] of [
      [nullOutcomeIndex, 'actions.0.outcomeIndex'],
      [noLead, 'leadPractitioner'],
      [blank, 'outcomes.0.description'],
      [wrapped, 'outcomes'],
      [yearZero, 'actions.0.dueDate'],
    ] as const) {
      const r = await http().post(`/v1/families/${familyId}/plans`).set('authorization', `Bearer ${coordinator}`).send(body);
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }

    const noOutcomes = { ...validPlan(), outcomes: [] };
    expect((await http().post(`/v1/families/${familyId}/plans`).set('authorization', `Bearer ${coordinator}`).send(noOutcomes)).status).toBe(400);

    const unknownFamily = await http().post(`/v1/families/${randomUUID()}/plans`).set('authorization', `Bearer ${coordinator}`).send(validPlan());
    expect(unknownFamily.status).toBe(404);

    // An agency with no sharing basis cannot open a plan for the family (and is not told it exists).
    expect((await http().post(`/v1/families/${familyId}/plans`).set('authorization', `Bearer ${practitionerA}`).send(validPlan())).status).toBe(404);

    expect(await countPlans()).toBe(0);
  });

  it('opens a plan with two outcomes and actions for two agencies', async () => {
    const res = await http().post(`/v1/families/${familyId}/plans`).set('authorization', `Bearer ${coordinator}`).send(validPlan());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ familyId, status: 'open', version: 1, levelOfNeed: 'targeted', leadPractitioner: { agencyId: agencyA } });
    expect(res.body.outcomes).toHaveLength(2);
    expect(res.body.actions.map((a: { agencyId: string; status: string }) => [a.agencyId, a.status])).toEqual([
      [agencyA, 'open'],
      [agencyB, 'open'],
    ]);
    expect(res.body.actions[0].outcomeId).toBe(res.body.outcomes[0].id);
    // Neither agency has the family's consent for the plan yet: the coordinator sees both waiting.
    expect(res.body.actions.map((a: { awaitingConsent: boolean }) => a.awaitingConsent)).toEqual([true, true]);
    plan = res.body;

    const second = await http().post(`/v1/families/${familyId}/plans`).set('authorization', `Bearer ${coordinator}`).send(validPlan());
    expect(second.status).toBe(409);
    expect(await countPlans()).toBe(1);

    const list = await http().get(`/v1/families/${familyId}/plans`).set('authorization', `Bearer ${coordinator}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([plan.id]);
    expect(list.body.items[0].actions.map((a: { awaitingConsent: boolean }) => a.awaitingConsent)).toEqual([true, true]);
    expect(list.body.nextCursor).toBeNull();

    // A hand-made cursor with a time PostgreSQL refuses is a 400, like any malformed one.
    for (const createdAt of ['2026-02-30T00:00:00.000Z', '0000-01-01T00:00:00.000Z', 'yesterday']) {
      const cursor = Buffer.from(JSON.stringify({ createdAt, id: randomUUID() })).toString('base64url');
      const res = await http().get(`/v1/families/${familyId}/plans`).query({ cursor }).set('authorization', `Bearer ${coordinator}`);
      expect(res.status).toBe(400);
    }
  });

  it('moves actions by the transition table and who may move them', async () => {
    const [actionA, actionB] = plan.actions;
    // Without any sharing, agency A does not see even its own action.
    expect(await scopeOf(practitionerA)).toBe(404);
    // Consent for referrals only: its own actions, not the whole plan (the plan needs the purpose `plan`).
    await grant(agencyA, ['referral']);
    expect(await eventually(async () => ((await scopeOf(practitionerA)) === 'own-actions' ? 'own-actions' : undefined), 30_000)).toBe('own-actions');
    const move = (token: string, actionId: string, to: string) =>
      http().post(`/v1/plans/${plan.id}/actions/${actionId}/transitions`).set('authorization', `Bearer ${token}`).send({ to });

    // The action's agency moving it is never told whether it waits for consent (it never is).
    const byAgency = await move(practitionerA, actionA.id, 'in-progress');
    expect(byAgency.body).toMatchObject({ status: 'in-progress' });
    expect(byAgency.body).not.toHaveProperty('awaitingConsent');
    expect((await move(practitionerA, actionA.id, 'done')).status).toBe(200);
    const terminal = await move(coordinator, actionA.id, 'in-progress');
    expect(terminal.status).toBe(409);
    // Agency A sees only its own actions here: B's action does not exist for it.
    expect((await move(practitionerA, actionB.id, 'in-progress')).status).toBe(404);
    // A coordinator moving an action hears, as GET shows it, that B has no consent to the plan yet.
    const byCoordinator = await move(coordinator, actionB.id, 'blocked');
    expect(byCoordinator.status).toBe(200);
    expect(byCoordinator.body).toMatchObject({ id: actionB.id, status: 'blocked', awaitingConsent: true });
    expect((await move(coordinator, actionB.id, 'open')).status).toBe(400);

    const current = await http().get(`/v1/plans/${plan.id}`).set('authorization', `Bearer ${coordinator}`);
    expect(current.body.version).toBe(4);
    expect(current.body.actions.map((a: { status: string }) => a.status)).toEqual(['done', 'blocked']);
  });

  it('scopes reads: an agency sharing only referrals sees only its own actions, one sharing nothing gets 404', async () => {
    expect(await scopeOf(practitionerB)).toBe(404);
    expect((await http().get(`/v1/families/${familyId}/plans`).set('authorization', `Bearer ${practitionerB}`)).status).toBe(404);
    consentsOfB.push(await grant(agencyB, ['referral'], ['needs']));
    await eventually(async () => ((await scopeOf(practitionerB)) === 'own-actions' ? true : undefined), 30_000);
    const asB = await http().get(`/v1/plans/${plan.id}`).set('authorization', `Bearer ${practitionerB}`);
    expect(asB.status).toBe(200);
    expect(asB.body.scope).toBe('own-actions');
    expect(asB.body.actions.map((a: { id: string }) => a.id)).toEqual([plan.actions[1].id]);
    expect(asB.body.outcomes).toBeUndefined();
    expect(asB.body.leadPractitioner).toBeUndefined();

    expect((await http().get(`/v1/plans/${plan.id}`).set('authorization', `Bearer ${practitionerC}`)).status).toBe(404);
    expect((await http().get(`/v1/families/${familyId}/plans`).set('authorization', `Bearer ${practitionerC}`)).status).toBe(404);
    // Both the allowed read and the out-of-scope one are in the audit trail (through the outbox).
    const audited = await dataSource.query(
      `SELECT data->>'outcome' AS outcome, data->'actor'->>'agencyId' AS agency FROM outbox WHERE type = 'tellonce.audit.recorded.v1' AND data->'resource'->>'id' = $1 AND data->>'endpoint' = 'GET /v1/plans/:id'`,
      [plan.id],
    );
    expect(audited).toEqual(expect.arrayContaining([{ outcome: 'allowed', agency: agencyB }, { outcome: 'denied', agency: agencyC }]));
    expect((await http().get(`/v1/plans/${randomUUID()}`).set('authorization', `Bearer ${coordinator}`)).status).toBe(404);
    expect((await http().get(`/v1/plans/not-a-uuid`).set('authorization', `Bearer ${coordinator}`)).status).toBe(404);

    // Consent to share the plan with agency B widens its view to the whole plan.
    consentsOfB.push(await grant(agencyB, ['plan'], ['plan', 'needs']));
    const whole = await eventually(async () => {
      const r = await http().get(`/v1/plans/${plan.id}`).set('authorization', `Bearer ${practitionerB}`);
      return r.body.scope === 'whole' ? r.body : null;
    }, 30_000);
    expect(whole.actions).toHaveLength(2);
    // Agencies never see who else is waiting; the coordinator sees B's action is no longer waiting, A's still is.
    expect(whole.actions.every((a: Record<string, unknown>) => !('awaitingConsent' in a))).toBe(true);
    const asCoordinator = (await http().get(`/v1/plans/${plan.id}`).set('authorization', `Bearer ${coordinator}`)).body;
    expect(asCoordinator.actions.map((a: { agencyId: string; awaitingConsent: boolean }) => [a.agencyId, a.awaitingConsent])).toEqual([
      [agencyA, true],
      [agencyB, false],
    ]);
  });

  it('records a review with scores and shows distance travelled; bad scores change nothing', async () => {
    const before = (await http().get(`/v1/plans/${plan.id}`).set('authorization', `Bearer ${coordinator}`)).body.version;
    const review = (outcomeProgress: { outcomeId: string; score: number }[]) =>
      http()
        .post(`/v1/plans/${plan.id}/reviews`)
        .set('authorization', `Bearer ${coordinator}`)
        .send({ summary: 'Team met at the hub', attendees: [{ name: 'Sam Keyworker', agencyId: agencyA }], outcomeProgress, nextReviewDate: '2030-02-15' });

    expect((await review([{ outcomeId: plan.outcomes[0].id, score: 11 }])).status).toBe(400);
    expect((await review([{ outcomeId: plan.outcomes[0].id, score: 2.5 }])).status).toBe(400);
    expect((await review([{ outcomeId: randomUUID(), score: 5 }])).status).toBe(400);
    expect((await http().get(`/v1/plans/${plan.id}`).set('authorization', `Bearer ${coordinator}`)).body.version).toBe(before);

    const ok = await review([
      { outcomeId: plan.outcomes[0].id, score: 6 },
      { outcomeId: plan.outcomes[1].id, score: 3 },
    ]);
    expect(ok.status).toBe(201);
    const after = (await http().get(`/v1/plans/${plan.id}`).set('authorization', `Bearer ${coordinator}`)).body;
    expect(after.version).toBe(before + 1);
    expect(after.nextReviewDate).toBe('2030-02-15');
    expect(after.outcomes[0].distanceTravelled).toEqual([{ reviewId: ok.body.id, at: expect.any(String), score: 6 }]);
    expect(after.outcomes[1].distanceTravelled).toEqual([{ reviewId: ok.body.id, at: expect.any(String), score: 3 }]);
  });

  it('steps up to specialist (PlanLevelChangedV1 on the plans topic) and back down to early help', async () => {
    const same = await http().post(`/v1/plans/${plan.id}/level`).set('authorization', `Bearer ${coordinator}`).send({ to: 'targeted', reason: 'No change' });
    expect(same.status).toBe(409);

    const up = await http().post(`/v1/plans/${plan.id}/level`).set('authorization', `Bearer ${coordinator}`).send({ to: 'specialist', reason: 'Escalating concerns' });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ levelOfNeed: 'specialist', leadPractitioner: { agencyId: agencyA } });

    const event = await eventually(async () => ofType(PlanLevelChangedV1).find((e) => e.data.planId === plan.id && e.data.to === 'specialist'), 30_000);
    expect(event.data).toEqual({ planId: plan.id, familyId, from: 'targeted', to: 'specialist', leadAgencyId: agencyA, actor: expect.objectContaining({ role: 'coordinator' }) });
    expect(event.data).not.toHaveProperty('reason');

    // The early-help agency is not in the directory yet: the lead stays with agency A rather than
    // pass to an agency nobody knows.
    const level = (to: string, reason: string) => http().post(`/v1/plans/${plan.id}/level`).set('authorization', `Bearer ${coordinator}`).send({ to, reason });
    const down = await level('targeted', 'Risk reduced');
    expect(down.status).toBe(200);
    expect(down.body.leadPractitioner).toEqual({ name: expect.any(String), agencyId: agencyA });

    // Once it is, stepping down from specialist hands the lead back to it.
    await publish(AgencyUpsertedV1, earlyHelp, { agencyId: earlyHelp, name: 'Early Help Service', kind: 'statutory', active: true });
    await eventually(async () => ((await dataSource.query('SELECT 1 FROM known_agencies WHERE agency_id = $1 AND active', [earlyHelp])).length ? true : undefined), 30_000);
    expect((await level('specialist', 'Concerns again')).status).toBe(200);
    const handedBack = await level('targeted', 'Risk reduced again');
    expect(handedBack.status).toBe(200);
    expect(handedBack.body.leadPractitioner).toEqual({ name: null, agencyId: earlyHelp });
    expect(handedBack.body.levelHistory.map((h: { from: string; to: string; leadHandedBack: boolean }) => [h.from, h.to, h.leadHandedBack])).toEqual([
      ['targeted', 'specialist', false],
      ['specialist', 'targeted', false],
      ['targeted', 'specialist', false],
      ['specialist', 'targeted', true],
    ]);
  });

  it('answers a level change with the plan as GET shows it: awaitingConsent for hub staff, never for agencies', async () => {
    const level = (token: string, to: string, reason: string) => http().post(`/v1/plans/${plan.id}/level`).set('authorization', `Bearer ${token}`).send({ to, reason });
    // A shares only referrals, B the plan (earlier tests).
    const byCoordinator = await level(coordinator, 'early-help', 'Needs met at a lower level');
    expect(byCoordinator.status).toBe(200);
    expect(byCoordinator.body.actions.map((a: { agencyId: string; awaitingConsent: boolean }) => [a.agencyId, a.awaitingConsent])).toEqual([
      [agencyA, true],
      [agencyB, false],
    ]);
    const byAgency = await level(practitionerB, 'targeted', 'Needs rose again');
    expect(byAgency.status).toBe(200);
    expect(byAgency.body.scope).toBe('whole');
    expect(byAgency.body.actions.every((a: Record<string, unknown>) => !('awaitingConsent' in a))).toBe(true);
  });

  it('announces overdue actions and reviews once, driven by the clock', async () => {
    const scanner = app.get(OverdueScanner);
    const blockedAction = plan.actions[1];

    clock.set(new Date('2030-01-05T12:00:00Z'));
    expect(await scanner.scan()).toEqual({ today: '2030-01-05', actionsAnnounced: 0, reviewsAnnounced: 0 });

    clock.set(new Date('2030-02-20T12:00:00Z'));
    expect(await scanner.scan()).toEqual({ today: '2030-02-20', actionsAnnounced: 1, reviewsAnnounced: 1 });
    const again = await scanner.scan();
    expect(again).toEqual({ today: '2030-02-20', actionsAnnounced: 0, reviewsAnnounced: 0 });

    const actionOverdue = await eventually(async () => ofType(PlanActionOverdueV1).find((e) => e.data.actionId === blockedAction.id), 30_000);
    expect(actionOverdue.data).toEqual({ planId: plan.id, familyId, actionId: blockedAction.id, agencyId: agencyB, dueDate: '2030-02-10' });
    const reviewOverdue = await eventually(async () => ofType(PlanReviewOverdueV1).find((e) => e.data.planId === plan.id), 30_000);
    expect(reviewOverdue.data).toEqual({ planId: plan.id, familyId, nextReviewDate: '2030-02-15' });

    // Give any duplicate time to arrive, then: exactly one of each, nothing for the action that is done.
    await new Promise((r) => setTimeout(r, 1500));
    expect(ofType(PlanActionOverdueV1).filter((e) => e.data.actionId === blockedAction.id)).toHaveLength(1);
    expect(ofType(PlanActionOverdueV1).filter((e) => e.data.actionId === plan.actions[0].id)).toHaveLength(0);
    expect(ofType(PlanReviewOverdueV1).filter((e) => e.data.planId === plan.id)).toHaveLength(1);
  });

  it('adds an action to the end of the plan and announces its assignment', async () => {
    const added = await http()
      .post(`/v1/plans/${plan.id}/actions`)
      .set('authorization', `Bearer ${coordinator}`)
      .send({ description: 'Housing options visit', agencyId: agencyC, dueDate: '2030-06-01', outcomeId: plan.outcomes[1].id });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ agencyId: agencyC, status: 'open', outcomeId: plan.outcomes[1].id });
    // C has no consent to the plan: the coordinator hears it is waiting, as GET shows it.
    expect(added.body.awaitingConsent).toBe(true);
    const unknownOutcome = await http().post(`/v1/plans/${plan.id}/actions`).set('authorization', `Bearer ${coordinator}`).send({ description: 'x', agencyId: agencyC, dueDate: '2030-06-01', outcomeId: randomUUID() });
    expect(unknownOutcome.status).toBe(400);
    const current = (await http().get(`/v1/plans/${plan.id}`).set('authorization', `Bearer ${coordinator}`)).body;
    expect(current.actions.map((a: { id: string }) => a.id)).toEqual([plan.actions[0].id, plan.actions[1].id, added.body.id]);
    const { planId, planVersion, ...addedAction } = added.body;
    expect({ planId, planVersion }).toEqual({ planId: plan.id, planVersion: current.version });
    expect(current.actions[2]).toEqual(addedAction);
    const assigned = await eventually(async () => ofType(PlanActionAssignedV1).find((e) => e.data.actionId === added.body.id), 30_000);
    expect(assigned.data).toMatchObject({ planId: plan.id, familyId, agencyId: agencyC, dueDate: '2030-06-01', outcomeId: plan.outcomes[1].id });
  });

  it('answers an added or moved action as GET shows it: awaitingConsent for hub staff, never for agencies', async () => {
    const add = (token: string, agencyId: string, description: string) =>
      http().post(`/v1/plans/${plan.id}/actions`).set('authorization', `Bearer ${token}`).send({ description, agencyId, dueDate: '2030-07-01' });
    const move = (token: string, actionId: string, to: string) =>
      http().post(`/v1/plans/${plan.id}/actions/${actionId}/transitions`).set('authorization', `Bearer ${token}`).send({ to });

    // B shares the plan (earlier tests): not waiting.
    const forB = await add(coordinator, agencyB, 'Budgeting course');
    expect(forB.status).toBe(201);
    expect(forB.body).toMatchObject({ agencyId: agencyB, awaitingConsent: false });
    const movedByCoordinator = await move(coordinator, forB.body.id, 'in-progress');
    expect(movedByCoordinator.status).toBe(200);
    expect(movedByCoordinator.body).toMatchObject({ status: 'in-progress', awaitingConsent: false });
    const current = (await http().get(`/v1/plans/${plan.id}`).set('authorization', `Bearer ${coordinator}`)).body;
    const { planId, planVersion, ...moved } = movedByCoordinator.body;
    expect({ planId, planVersion }).toEqual({ planId: plan.id, planVersion: current.version });
    expect(current.actions.find((a: { id: string }) => a.id === forB.body.id)).toEqual(moved);

    // C has no consent to the plan: the move says it is still waiting.
    const ofC = current.actions.find((a: { agencyId: string }) => a.agencyId === agencyC);
    const movedForC = await move(coordinator, ofC.id, 'blocked');
    expect(movedForC.status).toBe(200);
    expect(movedForC.body).toMatchObject({ agencyId: agencyC, status: 'blocked', awaitingConsent: true });

    // Agency B, with the whole plan in view, adds and moves its own action: never told.
    const byAgency = await add(practitionerB, agencyB, 'Benefits check');
    expect(byAgency.status).toBe(201);
    expect(byAgency.body).not.toHaveProperty('awaitingConsent');
    const movedByAgency = await move(practitionerB, forB.body.id, 'done');
    expect(movedByAgency.status).toBe(200);
    expect(movedByAgency.body).toMatchObject({ status: 'done' });
    expect(movedByAgency.body).not.toHaveProperty('awaitingConsent');
  });

  it('closes the plan with a reason, after which a new plan may open', async () => {
    const closed = await http().post(`/v1/plans/${plan.id}/close`).set('authorization', `Bearer ${coordinator}`).send({ reason: 'Outcomes met' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'Outcomes met' });
    // As GET shows it: C (added since) and A have no consent to the plan, B (two more actions since) has.
    expect(closed.body.actions.map((a: { agencyId: string; awaitingConsent: boolean }) => [a.agencyId, a.awaitingConsent])).toEqual([
      [agencyA, true],
      [agencyB, false],
      [agencyC, true],
      [agencyB, false],
      [agencyB, false],
    ]);
    expect((await http().post(`/v1/plans/${plan.id}/actions`).set('authorization', `Bearer ${coordinator}`).send({ description: 'x', agencyId: agencyA, dueDate: '2030-05-01' })).status).toBe(409);
    const next = await http().post(`/v1/families/${familyId}/plans`).set('authorization', `Bearer ${coordinator}`).send(validPlan());
    expect(next.status).toBe(201);
    expect(await countPlans()).toBe(2);

    // An agency the plan is shared with may close it too, and is never told who is still waiting.
    const closedByAgency = await http().post(`/v1/plans/${next.body.id}/close`).set('authorization', `Bearer ${practitionerB}`).send({ reason: 'Family moved away' });
    expect(closedByAgency.status).toBe(200);
    expect(closedByAgency.body.actions).toHaveLength(2);
    expect(closedByAgency.body.actions.every((a: Record<string, unknown>) => !('awaitingConsent' in a))).toBe(true);
  });

  it('withdrawing every consent cuts the agency off: no plan, no list, not even its own action', async () => {
    expect(await scopeOf(practitionerB)).toBe('whole');
    for (const consentId of consentsOfB) {
      await publish(ConsentWithdrawnV1, familyId, { consentId, familyId, agencyIds: [agencyB], agencyIdsNoLongerPermitted: [agencyB], actor: { sub: 'it', role: 'coordinator' } });
    }
    await eventually(async () => ((await scopeOf(practitionerB)) === 404 ? true : undefined), 30_000);
    expect((await http().get(`/v1/families/${familyId}/plans`).set('authorization', `Bearer ${practitionerB}`)).status).toBe(404);
    const actionOfB = plan.actions[1];
    const move = await http().post(`/v1/plans/${plan.id}/actions/${actionOfB.id}/transitions`).set('authorization', `Bearer ${practitionerB}`).send({ to: 'in-progress' });
    expect(move.status).toBe(404);
  });
});
