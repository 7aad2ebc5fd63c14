import { spawn } from 'node:child_process';
import path from 'node:path';
import { api, bearer, eventually } from './support/api';
import {
  COORDINATOR,
  FIVE_NEEDS,
  TimelineItem,
  grantConsent,
  moveRoute,
  practitioner,
  raiseReferral,
  registerFamily,
  routeTo,
  routingFor,
  waitForRouteStatuses,
  wholeTimeline,
} from './support/journey';

// Issue 7 "Done means": the merged timeline after the Andrea journey, per-viewer visibility,
// pagination that is stable while events arrive, and a rebuild from Kafka that gives the same result.

const ROOT = path.resolve(__dirname, '../..');

async function page(familyId: string, query: Record<string, string | number>, claims = COORDINATOR) {
  const res = await api()
    .get(`/v1/families/${familyId}/timeline`)
    .query(query)
    .set(await bearer(claims));
  expect(res.status).toBe(200);
  return res.body as { items: TimelineItem[]; nextCursor: string | null };
}

/** Runs `npm run timeline:rebuild`'s compiled entry with the test stack's environment. */
function rebuildTimeline(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', path.join(ROOT, 'scripts/register-paths.js'), path.join(ROOT, 'dist/apps/timeline/src/rebuild.js')], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('timeline: the Andrea journey', () => {
  let family: Awaited<ReturnType<typeof registerFamily>>;
  let referral: Awaited<ReturnType<typeof raiseReferral>>;
  let routing: Map<string, string>;
  let debt: string;
  let timeline: TimelineItem[];

  beforeAll(async () => {
    family = await registerFamily();
    routing = await routingFor(FIVE_NEEDS);
    debt = routing.get('debt-advice') as string;
    referral = await raiseReferral(family);
    await grantConsent(family, [...routing.values()]);
    await waitForRouteStatuses(referral.id, Object.fromEntries([...routing.values()].map((a) => [a, 'requested'])));
    const route = routeTo(referral, debt);
    for (const [to, extra] of [
      ['accepted', {}],
      ['in-progress', {}],
      ['completed', { outcome: 'debt-plan-agreed' }],
    ] as const) {
      expect((await moveRoute(referral, route, to, practitioner(debt), extra)).status).toBe(200);
    }
    // 1 family + 1 referral + 1 consent + 5 releases + 3 moves by the debt adviser. They come from
    // three topics (families, consent, referrals), so wait for each, then for the view to settle.
    let previous = -1;
    timeline = await eventually(async () => {
      const items = await wholeTimeline(family.id);
      const complete = items.some((i) => i.type === 'family.registered') && items.some((i) => i.type === 'consent.granted') && items.filter((i) => i.type === 'referral.route.status-changed').length >= 8;
      const settled = complete && items.length === previous;
      previous = items.length;
      return settled && items;
    }, 30_000, 750);
  });

  it('holds every step in order (order=asc) with readable summaries', async () => {
    const steps = timeline.map((i) => `${i.type}|${i.summary}`);
    const debtService = 'Debt and money advice (Citizens Advice North)';
    const expectedInOrder = [
      'family.registered|Family registered at hub-north',
      expect.stringMatching(/^referral\.raised\|Referral [A-Z]+-[A-Z0-9]+ raised \(hub desk\) for Midwifery, Health visiting, Debt advice, Housing, Perinatal mental health; (sent to|waiting for consent to send to) /),
      expect.stringMatching(/^consent\.granted\|Consent given to share with /),
      `referral.route.status-changed|${debtService} accepted the referral`,
      `referral.route.status-changed|${debtService} started work on the referral`,
      `referral.route.status-changed|${debtService} completed the referral (debt plan agreed)`,
    ];
    const positions = expectedInOrder.map((wanted) => steps.findIndex((s) => expect.objectContaining({ s: wanted }).asymmetricMatch({ s })));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const releases = timeline.filter((i) => i.type === 'referral.route.status-changed' && i.summary.startsWith('Referral sent to '));
    expect(releases.map((r) => r.subject.id).sort()).toEqual(referral.routes.map((r) => r.id).sort());
    const consentAt = steps.findIndex((s) => s.startsWith('consent.granted'));
    const acceptedAt = steps.findIndex((s) => s.includes('accepted the referral'));
    for (const release of releases) {
      expect(timeline.indexOf(release)).toBeGreaterThan(consentAt);
      expect(timeline.indexOf(release)).toBeLessThan(acceptedAt);
    }
    // Time never goes backwards, every entry names who did it and where it came from.
    expect(timeline.map((i) => i.at)).toEqual([...timeline.map((i) => i.at)].sort());
    for (const item of timeline) {
      expect(item.summary.length).toBeGreaterThan(10);
      expect(item.summary).not.toMatch(/undefined|null|\[object/);
      expect(item.source).toMatch(/^(referrals|consent|plans|notifications)$/);
      expect(item.actor.role).toEqual(expect.any(String));
    }
    const accepted = timeline.find((i) => i.summary === `${debtService} accepted the referral`) as TimelineItem;
    expect(accepted.actor).toMatchObject({ role: 'practitioner', agencyId: debt });
    expect(accepted.subject).toEqual({ kind: 'referral-route', id: routeTo(referral, debt).id });
    // No story, names or contact details on the timeline.
    expect(JSON.stringify(timeline)).not.toMatch(/damp|Andrea|0115/);
  });

  it('an agency view holds only its part: its own route, nothing about other agencies routes or needs', async () => {
    const own = await wholeTimeline(family.id, practitioner(debt));
    const ownRoute = routeTo(referral, debt).id;
    const otherRoutes = referral.routes.filter((r) => r.agencyId !== debt).map((r) => r.id);
    expect(own.filter((i) => i.subject.id === ownRoute).map((i) => i.summary)).toEqual([
      'Referral sent to Debt and money advice (Citizens Advice North)',
      'Debt and money advice (Citizens Advice North) accepted the referral',
      'Debt and money advice (Citizens Advice North) started work on the referral',
      'Debt and money advice (Citizens Advice North) completed the referral (debt plan agreed)',
    ]);
    expect(own.some((i) => otherRoutes.includes(i.subject.id))).toBe(false);
    expect(own.length).toBeLessThan(timeline.length);
    // The referral API shows an agency only the needs on its own route; the timeline must not tell more.
    const text = own.map((i) => i.summary).join('\n');
    expect(text).not.toMatch(/Perinatal|Midwifery|Housing|Health visiting/);
    expect(own.find((i) => i.type === 'referral.raised')?.summary).toMatch(/raised \(hub desk\) for Debt advice; waiting for consent to send to Debt and money advice \(Citizens Advice North\)$/);
    expect(own.find((i) => i.type === 'consent.granted')?.summary).toBe('Consent given to share with Citizens Advice North');
    expect(own.every((i) => timeline.some((t) => t.id === i.id))).toBe(true);

    // An agency with no route and no consent sees nothing: 404.
    const stranger = await api()
      .get(`/v1/families/${family.id}/timeline`)
      .set(await bearer(practitioner('youth-service')));
    expect(stranger.status).toBe(404);
  });

  it('pagination is stable while new events arrive: no duplicates, no skips', async () => {
    const seen: TimelineItem[] = [];
    let cursor: string | null = null;
    const housing = routeTo(referral, routing.get('housing') as string);
    const midwives = routeTo(referral, routing.get('midwifery') as string);
    const moves = [
      () => moveRoute(referral, housing, 'accepted', practitioner(housing.agencyId)),
      () => moveRoute(referral, midwives, 'accepted', practitioner(midwives.agencyId)),
      () => moveRoute(referral, housing, 'in-progress', practitioner(housing.agencyId)),
    ];
    let expectedTotal = timeline.length;
    for (let i = 0; i < 100; i++) {
      const body = await page(family.id, { order: 'asc', limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...body.items);
      cursor = body.nextCursor;
      const move = moves.shift();
      if (move) {
        // A new event lands between two pages; wait until it is projected before reading on.
        expect((await move()).status).toBe(200);
        expectedTotal++;
        await eventually(async () => (await wholeTimeline(family.id)).length >= expectedTotal);
      }
      if (!cursor) break;
    }
    expect(moves).toEqual([]);
    const ids = seen.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    const final = await wholeTimeline(family.id);
    // At least the journey and the three moves; a late delivery record may add to them, and must be paged too.
    expect(final.length).toBeGreaterThanOrEqual(expectedTotal);
    expect(ids).toEqual(final.map((i) => i.id));

    // Newest first, with events arriving meanwhile: the pages still never repeat an entry.
    const desc: TimelineItem[] = [];
    let next: string | null = null;
    let first = true;
    while (first || next) {
      const body = await page(family.id, { order: 'desc', limit: 4, ...(next ? { cursor: next } : {}) });
      desc.push(...body.items);
      next = body.nextCursor;
      if (first) {
        expect((await moveRoute(referral, midwives, 'in-progress', practitioner(midwives.agencyId))).status).toBe(200);
        await eventually(async () => (await wholeTimeline(family.id)).length >= expectedTotal + 1);
        first = false;
      }
    }
    expect(desc.map((i) => i.id)).toEqual([...final].reverse().map((i) => i.id));
  });

  it('rebuild gives the same timeline', async () => {
    const before = await wholeTimeline(family.id);
    const agencyBefore = await wholeTimeline(family.id, practitioner(debt));
    const { code, output } = await rebuildTimeline();
    expect({ code, tail: code === 0 ? '' : output.slice(-2000) }).toEqual({ code: 0, tail: '' });
    const after = await wholeTimeline(family.id);
    const comparable = (items: TimelineItem[]) => items.map(({ id, at, type, source, summary, actor, subject }) => ({ id, at, type, source, summary, actor, subject }));
    expect(comparable(after)).toEqual(comparable(before));
    expect(comparable(await wholeTimeline(family.id, practitioner(debt)))).toEqual(comparable(agencyBefore));
  }, 300_000);
});
