import { api, bearer, eventually } from './support/api';
import { COORDINATOR, EARLY_HELP, agencyFor, grantConsent, planInput, practitioner, registerFamily, wholeTimeline } from './support/journey';

// Issue 5 "Done means": a whole Team Around the Family through the gateway, and bad input that
// changes nothing.

const HOUSING = 'housing-options';
const DEBT = 'citizens-advice-north';

interface PlanBody {
  id: string;
  familyId: string;
  status: string;
  levelOfNeed: string;
  version: number;
  outcomes: { id: string; description: string; distanceTravelled: { reviewId: string; score: number }[] }[];
  actions: { id: string; agencyId: string; status: string; outcomeId: string | null; dueDate: string }[];
  reviews: { id: string }[];
  levelHistory: { from: string; to: string; reason: string }[];
}

/** The plans service learns of a new family from family.registered: it may take a moment. */
async function createPlan(familyId: string, body: Record<string, unknown>) {
  const auth = await bearer(COORDINATOR);
  return eventually(async () => {
    const res = await api().post(`/v1/families/${familyId}/plans`).set(auth).send(body);
    return res.status !== 404 && res;
  });
}

async function familyKnownToPlans(familyId: string): Promise<void> {
  const auth = await bearer(COORDINATOR);
  await eventually(async () => (await api().get(`/v1/families/${familyId}/plans`).set(auth)).status === 200);
}

async function getPlan(planId: string): Promise<PlanBody> {
  const res = await api()
    .get(`/v1/plans/${planId}`)
    .set(await bearer(COORDINATOR))
    .expect(200);
  return res.body as PlanBody;
}

async function plansOf(familyId: string): Promise<PlanBody[]> {
  const res = await api()
    .get(`/v1/families/${familyId}/plans`)
    .set(await bearer(COORDINATOR))
    .expect(200);
  return res.body.items as PlanBody[];
}

describe('plans: a whole Team Around the Family', () => {
  let family: Awaited<ReturnType<typeof registerFamily>>;
  let plan: PlanBody;

  beforeAll(async () => {
    family = await registerFamily();
    await grantConsent(family, [EARLY_HELP, HOUSING, DEBT]);
  });

  it('creates a plan with two outcomes and actions for two agencies', async () => {
    const res = await createPlan(family.id, planInput({ housing: HOUSING, debt: DEBT }));
    expect(res.status).toBe(201);
    plan = res.body;
    expect(plan).toMatchObject({ familyId: family.id, status: 'open', levelOfNeed: 'targeted' });
    expect(plan.outcomes).toHaveLength(2);
    expect(plan.actions.map((a) => a.agencyId).sort()).toEqual([DEBT, HOUSING]);
    expect(plan.actions.find((a) => a.agencyId === HOUSING)).toMatchObject({ status: 'open', outcomeId: plan.outcomes[0].id, dueDate: '2031-02-01' });
    expect(plan.actions.find((a) => a.agencyId === DEBT)?.outcomeId).toBe(plan.outcomes[1].id);
  });

  it('each agency progresses its own actions, and cannot move another agency action (409)', async () => {
    const housingAction = plan.actions.find((a) => a.agencyId === HOUSING) as PlanBody['actions'][number];
    const debtAction = plan.actions.find((a) => a.agencyId === DEBT) as PlanBody['actions'][number];
    const move = async (actionId: string, to: string, agencyId: string) =>
      api()
        .post(`/v1/plans/${plan.id}/actions/${actionId}/transitions`)
        .set(await bearer(practitioner(agencyId)))
        .send({ to });

    const started = await move(housingAction.id, 'in-progress', HOUSING);
    expect(started.status).toBe(200);
    expect((await move(housingAction.id, 'done', HOUSING)).status).toBe(200);
    expect((await move(debtAction.id, 'in-progress', DEBT)).status).toBe(200);
    // Housing sees the whole plan (its consent covers 'plan') but may not move the debt adviser's action.
    const foreign = await move(debtAction.id, 'done', HOUSING);
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('action-mover-not-allowed');

    const stored = await getPlan(plan.id);
    expect(Object.fromEntries(stored.actions.map((a) => [a.agencyId, a.status]))).toEqual({ [HOUSING]: 'done', [DEBT]: 'in-progress' });
    expect(stored.version).toBeGreaterThan(plan.version);
  });

  it('records a review with a score per outcome (distance travelled)', async () => {
    const res = await api()
      .post(`/v1/plans/${plan.id}/reviews`)
      .set(await bearer(COORDINATOR))
      .send({
        summary: 'TAF meeting: housing repairs booked, budgeting under way.',
        attendees: [
          { name: 'Housing officer', agencyId: HOUSING },
          { name: 'Debt adviser', agencyId: DEBT },
        ],
        outcomeProgress: [
          { outcomeId: plan.outcomes[0].id, score: 7 },
          { outcomeId: plan.outcomes[1].id, score: 4 },
        ],
        nextReviewDate: '2031-04-01',
      });
    expect(res.status).toBe(201);
    const stored = await getPlan(plan.id);
    expect(stored.reviews).toHaveLength(1);
    expect(stored.outcomes.map((o) => o.distanceTravelled.map((d) => d.score))).toEqual([[7], [4]]);
  });

  it('a step up to specialist opens a social-care route for the family, without a new referral form', async () => {
    const socialCare = await agencyFor('social-care');
    const res = await api()
      .post(`/v1/plans/${plan.id}/level`)
      .set(await bearer(COORDINATOR))
      .send({ to: 'specialist', reason: 'Concerns escalated at review' });
    expect(res.status).toBe(200);
    expect(res.body.levelOfNeed).toBe('specialist');
    const stored = await getPlan(plan.id);
    expect(stored.levelHistory).toEqual([expect.objectContaining({ from: 'targeted', to: 'specialist', reason: 'Concerns escalated at review' })]);

    const referral = await eventually(async () => {
      const list = await api()
        .get('/v1/referrals')
        .query({ familyId: family.id })
        .set(await bearer(COORDINATOR))
        .expect(200);
      return list.body.items.find((r: { routes: { agencyId: string }[] }) => r.routes.some((route) => route.agencyId === socialCare));
    });
    expect(referral.familyId).toBe(family.id);
    expect(referral.needs.map((n: { code: string }) => n.code)).toEqual(['social-care']);
    expect(referral.story).toContain(plan.id);
  });

  it('the timeline holds an entry for each step', async () => {
    const wanted = ['plan.created', 'plan.action.assigned', 'plan.action.status-changed', 'plan.reviewed', 'plan.level-changed', 'referral.raised'];
    const items = await eventually(async () => {
      const all = await wholeTimeline(family.id);
      const count = (type: string) => all.filter((i) => i.type === type).length;
      return count('plan.action.assigned') >= 2 && count('plan.action.status-changed') >= 3 && wanted.every((t) => count(t) > 0) && all;
    }, 30_000);
    const summaries = items.map((i) => i.summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        'Team Around the Family plan created (targeted), led by Early Help Service',
        'Plan action assigned to Council Housing Options, due 2031-02-01',
        'Plan action for Council Housing Options moved to done',
        'Plan reviewed; next review due 2031-04-01',
        'Plan level of need changed from targeted to specialist',
      ]),
    );
    const order = ['plan.created', 'plan.reviewed', 'plan.level-changed'].map((t) => items.findIndex((i) => i.type === t));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(items.filter((i) => i.type.startsWith('plan.')).every((i) => i.source === 'plans')).toBe(true);
  });
});

describe('plans: bad input gives the contract 4xx and changes nothing', () => {
  let family: Awaited<ReturnType<typeof registerFamily>>;
  let plan: PlanBody;

  beforeAll(async () => {
    family = await registerFamily();
    const res = await createPlan(family.id, planInput({ housing: HOUSING, debt: DEBT }, { levelOfNeed: 'early-help' }));
    expect(res.status).toBe(201);
    plan = res.body;
  });

  it.each([
    ['an unknown agency', { actions: [{ description: 'x', agencyId: 'no-such-agency', dueDate: '2031-01-01' }] }, 400, 'actions.0.agencyId'],
    ['a due date in a bad format', { actions: [{ description: 'x', agencyId: HOUSING, dueDate: '01/02/2031' }] }, 400, 'actions.0.dueDate'],
  ])('creating a plan with %s is 400', async (_label, patch, status, field) => {
    const other = await registerFamily();
    // Validation answers before the family is looked up: wait until the plans service knows it.
    await familyKnownToPlans(other.id);
    const res = await createPlan(other.id, planInput({ housing: HOUSING, debt: DEBT }, patch));
    expect(res.status).toBe(status);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await plansOf(other.id)).toEqual([]);
  });

  it('an unknown agency or a bad due date on a new action is 400', async () => {
    for (const [body, field] of [
      [{ description: 'x', agencyId: 'no-such-agency', dueDate: '2031-01-01' }, 'agencyId'],
      [{ description: 'x', agencyId: HOUSING, dueDate: '2031-13-01' }, 'dueDate'],
    ] as const) {
      const res = await api()
        .post(`/v1/plans/${plan.id}/actions`)
        .set(await bearer(COORDINATOR))
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const stored = await getPlan(plan.id);
    expect(stored.actions).toHaveLength(2);
    expect(stored.version).toBe(plan.version);
  });

  it('a score of 11 is 400', async () => {
    const res = await api()
      .post(`/v1/plans/${plan.id}/reviews`)
      .set(await bearer(COORDINATOR))
      .send({ summary: 'Review', attendees: [], outcomeProgress: [{ outcomeId: plan.outcomes[0].id, score: 11 }], nextReviewDate: '2031-05-01' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'outcomeProgress.0.score' })]));
    const stored = await getPlan(plan.id);
    expect(stored.reviews).toEqual([]);
    expect(stored.version).toBe(plan.version);
  });

  it('a second open plan is 409', async () => {
    const res = await createPlan(family.id, planInput({ housing: HOUSING, debt: DEBT }));
    expect(res.status).toBe(409);
    expect(res.body.status).toBe(409);
    const plans = await plansOf(family.id);
    expect(plans.map((p) => p.id)).toEqual([plan.id]);
  });
});
