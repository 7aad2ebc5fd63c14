// The web console in a real browser (headless Chromium through playwright-core) against the whole
// built stack: a coordinator registers a family, raises a referral with two needs and records
// consent for one agency; that route moves to 'requested' and the timeline fills; a practitioner of
// that agency sees only their own route; ops staff see service health. axe-core checks every page.
import fs from 'node:fs';
import path from 'node:path';
import { type BrowserContext, type Page } from 'playwright-core';
import { openBrowser, seriousAxeViolations } from './support/browser';

const BASE = process.env.TELLONCE_URL ?? 'http://127.0.0.1:18080';
const SHOTS = path.resolve(__dirname, '../../test-artifacts/screenshots');
const LONG = 240_000;

let context: BrowserContext;
let browser: { close: () => Promise<void> } | undefined;
const pages: Page[] = [];

/** Facts one step hands to the next (the steps tell one story, in order). */
const story: {
  familyName: string;
  familyId?: string;
  reference?: string;
  referralReference?: string;
  routes?: { id: string; agencyId: string; status: string }[];
  consentedAgency?: string;
  otherAgency?: string;
  planId?: string;
} = { familyName: `Testfamily${randomLetters(6)}` };

function randomLetters(n: number): string {
  const abc = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length: n }, () => abc[Math.floor(Math.random() * abc.length)]).join('');
}

/** The console runs under the gateway's Content-Security-Policy: anything it blocks is a defect. */
const cspViolations: string[] = [];

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  pages.push(page);
  page.setDefaultTimeout(20_000);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(cspViolations).toEqual([]);
  expect({ page: name, serious: await seriousAxeViolations(page) }).toEqual({ page: name, serious: [] });
}

/** Waits for `selector`; if the form's error summary shows instead, fails with what it says. */
async function expectOutcome(page: Page, selector: string): Promise<void> {
  const summary = page.locator('.error-summary');
  await page.locator(`${selector}, .error-summary`).first().waitFor({ timeout: 30_000 });
  if (await summary.count()) {
    await shot(page, `failed-${Date.now()}`);
    throw new Error(`the form answered with an error summary: ${(await summary.innerText()).replace(/\s+/g, ' ')}`);
  }
}

async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').first().innerText()).trim();
}

/** Pages fill their heading once data arrives: wait for the expected one, then read it. */
async function headingOnceLoaded(page: Page, expected: string): Promise<string> {
  await page.getByRole('heading', { level: 1, name: expected, exact: true }).waitFor({ timeout: 20_000 }).catch(() => undefined);
  return heading(page);
}

async function signIn(page: Page, who: { sub: string; role: string; agencyId?: string; hubId?: string }): Promise<void> {
  await page.goto(`${BASE}/sign-in`);
  await page.locator('#f-sub').fill(who.sub);
  await page.locator('#f-role').selectOption(who.role);
  if (who.agencyId) {
    // The page offers a select once the directory has loaded (a text field only if it cannot load).
    await page.getByText('Loading the directory').waitFor({ state: 'detached', timeout: 20_000 });
    const field = page.locator('#f-agencyId');
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') {
      await page.locator(`#f-agencyId option[value="${who.agencyId}"]`).waitFor({ state: 'attached' });
      await field.selectOption(who.agencyId);
    } else {
      await field.fill(who.agencyId);
    }
  }
  if (who.hubId) await page.locator('#f-hubId').selectOption(who.hubId);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function devToken(claims: { sub: string; role: string; agencyId?: string; hubId?: string }): Promise<string> {
  const res = await fetch(`${BASE}/v1/auth/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(claims) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function post(token: string, urlPath: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${BASE}${urlPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `console-e2e-${Date.now()}-${Math.random()}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const opened = await openBrowser('tellonce-console-');
  browser = opened;
  context = opened.context;
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('web console', () => {
  it('serves the console at / with a sign-in page that passes axe, and reports problems in an error summary', async () => {
    const page = await newPage();
    await page.goto(`${BASE}/`);
    await page.waitForURL(/\/sign-in$/);
    expect(await headingOnceLoaded(page, 'Sign in to TellOnce')).toBe('Sign in to TellOnce');
    expect(await page.locator('h1').count()).toBe(1);
    await expect(page.locator('a.skip-link').getAttribute('href')).resolves.toBe('#main');
    await expectAccessible(page, 'sign-in');
    await shot(page, '01-sign-in');

    // Nothing filled in: an error summary listing each problem, each linking to its field.
    await page.getByRole('button', { name: 'Sign in' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    const links = summary.locator('a');
    expect(await links.count()).toBe(2);
    expect(await links.nth(0).getAttribute('href')).toBe('#f-sub');
    expect(await links.nth(1).getAttribute('href')).toBe('#f-role');
    await links.nth(1).click();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('f-role');
    await expectAccessible(page, 'sign-in (errors)');
    await shot(page, '02-sign-in-errors');
  }, LONG);

  it('a coordinator registers a family (possible duplicates shown) and finds it by name', async () => {
    const page = await newPage();
    await signIn(page, { sub: 'coord.e2e', role: 'coordinator', hubId: 'hub-north' });
    await page.waitForURL(/\/families$/);
    expect(await headingOnceLoaded(page, 'Families')).toBe('Families');
    await expectAccessible(page, 'families');

    await page.getByRole('link', { name: 'Register a family' }).click();
    await page.waitForURL(/\/families\/new$/);
    expect(await headingOnceLoaded(page, 'Register a family')).toBe('Register a family');

    // Empty submit: the error summary lists the problems and the page still passes axe.
    await page.getByRole('button', { name: 'Register family' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary a').count()).toBeGreaterThanOrEqual(3);
    await expectAccessible(page, 'register family (errors)');
    await shot(page, '03-register-family-errors');

    await page.locator('#f-members-0-givenName').fill('Amara');
    await page.locator('#f-members-0-familyName').fill(story.familyName);
    await page.locator('#f-members-0-dateOfBirth').fill('1992-04-17');
    await page.getByRole('button', { name: 'Add another member' }).click();
    await page.locator('#f-members-1-givenName').fill('Tobi');
    await page.locator('#f-members-1-familyName').fill(story.familyName);
    await page.locator('#f-members-1-relationship').selectOption('child');
    await page.locator('#f-members-1-dateOfBirth').fill('2021-09-02');
    await page.locator('#f-address-postcode').fill('NE1 4ST');
    await page.locator('#f-address-line1').fill('1 Example Street');
    await page.getByRole('button', { name: 'Register family' }).click();
    await expectOutcome(page, '[data-testid="family-reference"]');
    expect(await headingOnceLoaded(page, 'Family registered')).toBe('Family registered');
    story.reference = (await page.locator('[data-testid="family-reference"]').innerText()).trim();
    expect(story.reference).toMatch(/^FAM-/);
    await expectAccessible(page, 'family registered');
    await shot(page, '04-family-registered');

    await page.getByRole('link', { name: 'Go to the family page' }).click();
    await page.waitForURL(/\/families\/[0-9a-f-]{36}$/);
    story.familyId = page.url().split('/').pop();

    // The same family again: registered anyway, with a possible-duplicate hint from the 201.
    await page.goto(`${BASE}/families/new`);
    await page.locator('#f-members-0-givenName').fill('Amara');
    await page.locator('#f-members-0-familyName').fill(story.familyName);
    await page.locator('#f-members-0-dateOfBirth').fill('1992-04-17');
    await page.locator('#f-address-postcode').fill('NE1 4ST');
    await page.getByRole('button', { name: 'Register family' }).click();
    await page.locator('[data-testid="family-reference"]').waitFor();
    await page.locator('[data-testid="possible-duplicates"] li').first().waitFor();
    await shot(page, '05-possible-duplicate');

    // Search by the (unique) family name.
    await page.getByRole('link', { name: 'Families', exact: true }).click();
    await page.locator('#f-q').fill(story.familyName);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: story.reference }).waitFor();
    expect(await page.locator('table tbody tr').count()).toBe(2);
    await expectAccessible(page, 'family search results');
    await shot(page, '06-family-search');
  }, LONG);

  it('keeps what was typed when the session ends mid-form, for the same person only, and forgets it on sign-out', async () => {
    const page = await newPage();
    const coordinator = { sub: 'coord.draft.e2e', role: 'coordinator', hubId: 'hub-north' };
    await signIn(page, coordinator);
    await page.goto(`${BASE}/families/new`);
    await page.locator('#f-members-0-givenName').fill('Ines');
    await page.locator('#f-members-0-familyName').fill(`Draft${story.familyName}`);
    await page.getByRole('button', { name: 'Add another member' }).click();
    await page.locator('#f-members-1-givenName').fill('Remi');
    await page.locator('#f-members-1-familyName').fill(`Draft${story.familyName}`);
    await page.locator('#f-address-postcode').fill('NE2 1AA');

    // The gateway answers 401 as it does once a token has expired.
    const expired = JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'The token has expired.' });
    await page.route('**/v1/families', (route) => (route.request().method() === 'POST' ? route.fulfill({ status: 401, contentType: 'application/problem+json', body: expired }) : route.continue()));
    await page.getByRole('button', { name: 'Register family' }).click();
    await page.waitForURL(`${BASE}/sign-in?next=%2Ffamilies%2Fnew`);
    await page.getByText('Your session has ended').waitFor();
    await expectAccessible(page, 'sign in after the session ended');
    await page.unroute('**/v1/families');

    // Someone else signing in on this tab sees an empty form, and the draft is gone for good.
    await signIn(page, { sub: 'coord.other.e2e', role: 'coordinator', hubId: 'hub-north' });
    await page.goto(`${BASE}/families/new`);
    await expect(page.locator('#f-members-0-givenName').inputValue()).resolves.toBe('');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);

    // The same person again, after another expiry: lands back on the form with every answer, and sends it.
    await signIn(page, coordinator);
    await page.goto(`${BASE}/families/new`);
    await page.locator('#f-members-0-givenName').fill('Ines');
    await page.locator('#f-members-0-familyName').fill(`Draft${story.familyName}`);
    await page.locator('#f-address-postcode').fill('NE2 1AA');
    await page.route('**/v1/families', (route) => (route.request().method() === 'POST' ? route.fulfill({ status: 401, contentType: 'application/problem+json', body: expired }) : route.continue()));
    await page.getByRole('button', { name: 'Register family' }).click();
    await page.waitForURL(`${BASE}/sign-in?next=%2Ffamilies%2Fnew`);
    await page.unroute('**/v1/families');
    await page.locator('#f-sub').fill(coordinator.sub);
    await page.locator('#f-role').selectOption(coordinator.role);
    await page.locator('#f-hubId').selectOption(coordinator.hubId);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${BASE}/families/new`);
    await expect(page.locator('#f-members-0-givenName').inputValue()).resolves.toBe('Ines');
    await expect(page.locator('#f-address-postcode').inputValue()).resolves.toBe('NE2 1AA');
    await page.getByRole('button', { name: 'Register family' }).click();
    await expectOutcome(page, '[data-testid="family-reference"]');

    // Sent: the form starts empty next time.
    await page.goto(`${BASE}/families/new`);
    await expect(page.locator('#f-members-0-givenName').inputValue()).resolves.toBe('');
    // Signing out leaves nothing typed behind in the tab.
    await page.locator('#f-address-postcode').fill('NE9 9ZZ');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    const leftovers = await page.evaluate(() => {
      const storage = (globalThis as unknown as { sessionStorage: { length: number; key(i: number): string | null } }).sessionStorage;
      return Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((k) => k?.startsWith('tellonce.draft.'));
    });
    expect(leftovers).toEqual([]);
    await page.close();
  }, LONG);

  it('raises a referral with two needs and shows the routes it made', async () => {
    expect(story.familyId).toBeDefined();
    const page = await newPage();
    await signIn(page, { sub: 'coord.e2e', role: 'coordinator', hubId: 'hub-north' });
    await page.goto(`${BASE}/families/${story.familyId}`);
    await page.getByRole('link', { name: 'Raise a referral' }).click();
    await page.waitForURL(/\/referrals\/new$/);
    expect(await headingOnceLoaded(page, 'Raise a referral')).toBe('Raise a referral');

    await page.getByLabel('Midwifery', { exact: true }).check();
    await page.getByLabel('Debt advice', { exact: true }).check();
    await page.locator('#f-need-debt-advice-urgency-2').check(); // urgent
    await page.locator('#f-need-midwifery-personId').selectOption({ label: `Amara ${story.familyName}` });
    await page.locator('#f-channel').selectOption('hub-desk');
    await page.locator('#f-story').fill('Expecting a second baby in the spring; rent arrears since a change of hours at work.');
    await expectAccessible(page, 'raise referral');
    await shot(page, '07-raise-referral');
    await page.getByRole('button', { name: 'Raise referral' }).click();
    await expectOutcome(page, '[data-testid="referral-reference"]');
    story.referralReference = (await page.locator('[data-testid="referral-reference"]').innerText()).trim();
    const rows = page.locator('[data-testid="created-routes"] tbody tr');
    const routes: { id: string; agencyId: string; status: string }[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      routes.push({ id: (await row.getAttribute('data-route-id')) ?? '', agencyId: (await row.getAttribute('data-agency-id')) ?? '', status: (await row.getAttribute('data-status')) ?? '' });
    }
    expect(routes.length).toBe(2); // midwifery and debt advice are different agencies in the demo directory
    expect(routes.every((r) => r.status === 'awaiting-consent')).toBe(true);
    story.routes = routes;
    story.consentedAgency = routes[0].agencyId;
    story.otherAgency = routes[1].agencyId;
    await expectAccessible(page, 'referral raised');
    await shot(page, '08-referral-raised');
  }, LONG);

  it('records consent for one agency: that route turns to requested, the other waits, and the timeline fills', async () => {
    expect(story.routes).toBeDefined();
    const routes = story.routes ?? [];
    const page = await newPage();
    await signIn(page, { sub: 'coord.e2e', role: 'coordinator', hubId: 'hub-north' });
    await page.goto(`${BASE}/families/${story.familyId}`);
    expect(await headingOnceLoaded(page, `Family ${story.reference}`)).toBe(`Family ${story.reference}`);
    await page.locator(`.board__route[data-route-id="${routes[0].id}"]`).waitFor();
    expect(await page.locator(`.board__route[data-route-id="${routes[0].id}"]`).innerText()).toContain('Awaiting consent');

    await page.locator(`input[name="agencyIds"][value="${story.consentedAgency}"]`).check();
    await page.getByRole('button', { name: 'Record consent', exact: true }).click();
    await page.locator('[data-testid="consents"] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid="consents"] tbody tr').first().innerText()).toMatch(/Active/);

    // The route moves on by itself once consent permits sharing; the page checks every 5 s.
    const consented = page.locator(`.board__route[data-route-id="${routes[0].id}"][data-status="requested"]`);
    await consented.waitFor({ timeout: 60_000 });
    expect(await consented.innerText()).toMatch(/Requested/);
    expect(await page.locator(`.board__route[data-route-id="${routes[1].id}"]`).getAttribute('data-status')).toBe('awaiting-consent');

    // The merged timeline fills as the timeline service catches up (registered, raised, consent, route requested).
    const entries = page.locator('[data-testid="timeline"] > li');
    const deadline = Date.now() + 60_000;
    while ((await entries.count()) < 4 && Date.now() < deadline) {
      await page.waitForTimeout(2000);
      await page.getByRole('button', { name: 'Refresh timeline' }).click();
    }
    expect(await entries.count()).toBeGreaterThanOrEqual(4);
    await expectAccessible(page, 'family page');
    await shot(page, '09-family-page');
  }, LONG);

  it('shows the family’s plan: outcomes, actions with statuses and outcome scores over time', async () => {
    expect(story.familyId).toBeDefined();
    const token = await devToken({ sub: 'coord.e2e', role: 'coordinator', hubId: 'hub-north' });
    const agencyId = story.consentedAgency ?? 'unknown';
    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    // The plans service learns about the family from its event: retry until it knows it.
    let plan: { id: string; outcomes: { id: string }[] } | undefined;
    let last = '';
    for (const deadline = Date.now() + 60_000; !plan && Date.now() < deadline; ) {
      const res = await post(token, `/v1/families/${story.familyId}/plans`, {
        leadPractitioner: { name: 'Sam Lead', agencyId },
        levelOfNeed: 'early-help',
        outcomes: [{ description: 'The family’s rent is affordable and arrears are cleared' }],
        actions: [{ description: 'Book an antenatal appointment', agencyId, dueDate: inAMonth, outcomeIndex: 0 }],
        nextReviewDate: inAMonth,
      });
      last = `${res.status} ${res.text}`;
      if (res.status === 201) plan = JSON.parse(res.text);
      else await new Promise((r) => setTimeout(r, 2000));
    }
    expect(last).toMatch(/^201/);
    story.planId = plan?.id;
    const review = await post(token, `/v1/plans/${plan?.id}/reviews`, {
      summary: 'First review: arrears plan agreed with the landlord.',
      attendees: [{ name: 'Sam Lead', agencyId }],
      outcomeProgress: [{ outcomeId: plan?.outcomes[0].id, score: 7 }],
      nextReviewDate: inAMonth,
    });
    expect(review.status).toBe(201);

    const page = await newPage();
    await signIn(page, { sub: 'coord.e2e', role: 'coordinator', hubId: 'hub-north' });
    await page.goto(`${BASE}/families/${story.familyId}#plans`);
    const plans = page.locator('section[aria-labelledby="plans"]');
    await plans.getByText('7 out of 10').waitFor();
    const text = await plans.innerText();
    expect(text).toContain('The family’s rent is affordable');
    expect(text).toContain('Book an antenatal appointment');
    expect(text).toMatch(/Open/);
    expect(text).toContain('First review');
    // The consent recorded above covers referrals only: the action's agency waits for the plan's.
    expect(text).toContain('Waiting for consent');
    await expectAccessible(page, 'family page with plan');
    await plans.screenshot({ path: path.join(SHOTS, '09b-family-plan.png') });
  }, LONG);

  it('a practitioner sees only their own agency’s route in the inbox and can accept it', async () => {
    expect(story.consentedAgency).toBeDefined();
    const routes = story.routes ?? [];
    const page = await newPage();
    await signIn(page, { sub: 'prac.e2e', role: 'practitioner', agencyId: story.consentedAgency });
    await page.waitForURL(/\/inbox$/);
    expect(await headingOnceLoaded(page, 'Inbox')).toBe('Inbox');
    const mine = page.locator(`[data-testid="inbox"] tr[data-route-id="${routes[0].id}"]`);
    await mine.waitFor();
    expect(await page.locator(`tr[data-route-id="${routes[1].id}"]`).count()).toBe(0);
    const agencies = await page.locator('[data-testid="inbox"] tr[data-agency-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agency-id')));
    expect(new Set(agencies)).toEqual(new Set([story.consentedAgency]));
    await expectAccessible(page, 'inbox');
    await shot(page, '10-inbox');

    await mine.getByRole('button', { name: /^Accept/ }).click();
    await page.locator(`tr[data-route-id="${routes[0].id}"][data-status="accepted"]`).waitFor();
    await page.locator(`tr[data-route-id="${routes[0].id}"]`).getByRole('button', { name: /^Start/ }).waitFor();

    // The other agency's practitioner sees nothing of this referral: consent does not cover them.
    const other = await newPage();
    await signIn(other, { sub: 'prac2.e2e', role: 'practitioner', agencyId: story.otherAgency });
    await other.waitForURL(/\/inbox$/);
    await other.getByRole('heading', { name: /^Open/ }).waitFor();
    expect(await other.locator(`tr[data-route-id="${routes[1].id}"]`).count()).toBe(0);
    expect(await other.locator(`tr[data-route-id="${routes[0].id}"]`).count()).toBe(0);
    expect(await other.getByText(story.referralReference ?? 'none').count()).toBe(0);
  }, LONG);

  it('links in emails open the referral and the plan for the agency, showing only its part', async () => {
    expect(story.planId).toBeDefined();
    const coordinator = await devToken({ sub: 'coord.e2e', role: 'coordinator', hubId: 'hub-north' });
    const list = await fetch(`${BASE}/v1/referrals?familyId=${story.familyId}`, { headers: { authorization: `Bearer ${coordinator}` } });
    const referralId = ((await list.json()) as { items: { id: string }[] }).items[0].id;
    const routes = story.routes ?? [];

    const page = await newPage();
    await signIn(page, { sub: 'prac.e2e', role: 'practitioner', agencyId: story.consentedAgency });
    // The urgent email's link: CONSOLE_URL/referrals/<id>.
    await page.goto(`${BASE}/referrals/${referralId}`);
    await page.locator(`[data-testid="referral"][data-referral-id="${referralId}"]`).waitFor();
    await page.locator(`.board__route[data-route-id="${routes[0].id}"]`).waitFor();
    expect(await page.locator(`.board__route[data-route-id="${routes[1].id}"]`).count()).toBe(0);
    await expectAccessible(page, 'referral page');
    await shot(page, '10b-referral-page');

    // The plan notices' link: CONSOLE_URL/plans/<id>, with the agency's own action on it.
    await page.goto(`${BASE}/plans/${story.planId}`);
    await page.locator(`[data-testid="plan"][data-plan-id="${story.planId}"]`).waitFor();
    const actions = page.locator('[data-testid="plan-actions"] tr[data-agency-id]');
    await actions.first().waitFor();
    const agencies = await actions.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agency-id')));
    expect(agencies).toContain(story.consentedAgency);
    expect(await page.locator('[data-testid="plan-actions"]').innerText()).toContain('Book an antenatal appointment');
    await expectAccessible(page, 'plan page');
    await shot(page, '10c-plan-page');
  }, LONG);

  it('the timeline shows 20 entries, then loads more as you scroll to its end', async () => {
    expect(story.familyId).toBeDefined();
    const token = await devToken({ sub: 'coord.e2e', role: 'coordinator', hubId: 'hub-north' });
    const members = await fetch(`${BASE}/v1/families/${story.familyId}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as Promise<{ members: { id: string }[] }>);
    // More history: recorded refusals for the other agency (they change no route).
    for (let i = 0; i < 18; i++) {
      const res = await post(token, `/v1/families/${story.familyId}/consents`, { subjectPersonIds: [members.members[0].id], grantedByPersonId: members.members[0].id, decision: 'deny', agencyIds: [story.otherAgency], purposes: ['referral'], method: 'verbal' });
      expect(res.status).toBe(201);
    }
    const deadline = Date.now() + 60_000;
    let total = 0;
    while (Date.now() < deadline) {
      const res = await fetch(`${BASE}/v1/families/${story.familyId}/timeline?order=desc&limit=100`, { headers: { authorization: `Bearer ${token}` } });
      total = ((await res.json()) as { items: unknown[] }).items.length;
      if (total >= 22) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect(total).toBeGreaterThanOrEqual(22);

    const page = await newPage();
    await signIn(page, { sub: 'coord.e2e', role: 'coordinator', hubId: 'hub-north' });
    await page.goto(`${BASE}/families/${story.familyId}`);
    const entries = page.locator('[data-testid="timeline"] > li');
    await entries.nth(19).waitFor();
    expect(await entries.count()).toBe(20);
    await page.getByRole('button', { name: 'Load more', exact: true }).waitFor();
    await entries.nth(19).scrollIntoViewIfNeeded();
    await entries.nth(20).waitFor();
    expect(await entries.count()).toBeGreaterThan(20);
  }, LONG);

  it('ops staff see service health, refreshed every 5 seconds', async () => {
    const page = await newPage();
    await signIn(page, { sub: 'ops.e2e', role: 'ops' });
    await page.waitForURL(/\/ops$/);
    expect(await headingOnceLoaded(page, 'Service health')).toBe('Service health');
    const summary = page.locator('[data-testid="ops-summary"]');
    await page.waitForFunction(() => /Overall status/.test((globalThis as unknown as { document: { querySelector: (s: string) => { textContent: string } | null } }).document.querySelector('[data-testid="ops-summary"]')?.textContent ?? ''));
    expect(await summary.getAttribute('aria-live')).toBe('polite');
    expect(await summary.innerText()).toMatch(/services up/);
    expect(await page.locator('table').first().innerText()).toMatch(/referrals/);
    const first = await page.locator('.status-summary .secondary').innerText();
    await page.waitForFunction((before) => (globalThis as unknown as { document: { querySelector: (s: string) => { textContent: string } | null } }).document.querySelector('.status-summary .secondary')?.textContent !== before, first, { timeout: 15_000 });
    await expectAccessible(page, 'ops');
    await shot(page, '11-ops');
  }, LONG);
});
