// Signing in to the console with the authority's identity provider (AUTH_MODE=oidc), in a real
// browser. The provider is panva's certified oidc-provider (scripts/oidc-test-provider.mjs): it
// enforces PKCE, single-use codes, exact redirect URIs and CORS as a production provider does. This
// file runs its own gateway in oidc mode and its own referrals service (own database, own consumer
// group starting at the log's end) that trust only that provider, next to the shared dev-mode stack.
import { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createScratchDatabase } from '@tellonce/testing';
import { type BrowserContext, type Page } from 'playwright-core';
import { openBrowser, seriousAxeViolations } from './support/browser';
import { launch, ROOT, stop, waitReady } from './support/processes';

const BASE_PORT = Number(process.env.GATEWAY_PORT || 18080);
const PORTS = { gateway: BASE_PORT + 41, referrals: BASE_PORT + 42, provider: BASE_PORT + 43 };
const CONSOLE = `http://127.0.0.1:${PORTS.gateway}`;
const ISSUER = `http://127.0.0.1:${PORTS.provider}`;
const SHOTS = path.resolve(__dirname, '../../test-artifacts/screenshots');
const LONG = 120_000;

const children: ChildProcess[] = [];
let database: { url: string; drop: () => Promise<void> } | undefined;
let context: BrowserContext;
let browser: { close: () => Promise<void> } | undefined;
const cspViolations: string[] = [];

/** The provider prints one JSON line when it listens. */
async function startProvider(): Promise<void> {
  const child = launch(children, 'oidc-provider', { OIDC_PORT: String(PORTS.provider), CONSOLE_ORIGIN: CONSOLE }, 'oidc-provider', path.join(ROOT, 'scripts/oidc-test-provider.mjs'));
  await waitReady(`${ISSUER}/.well-known/openid-configuration`, child);
}

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  page.setDefaultTimeout(20_000);
  return page;
}

/** What the console keeps in the tab's sessionStorage (the test's tsconfig has no DOM types). */
async function stored(page: Page, key: string): Promise<string | null> {
  return page.evaluate((k) => (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem(k), key);
}

/** The bearer token the console keeps for the person signed in. */
async function sessionToken(page: Page): Promise<string | undefined> {
  return (JSON.parse((await stored(page, 'tellonce.session')) ?? '{}') as { token?: string }).token;
}

/** A new tab on the console's sign-in page, sent on to the provider by its Sign in button. */
async function startAtSignIn(): Promise<Page> {
  const page = await newPage();
  await page.goto(`${CONSOLE}/sign-in`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

/** The provider's own login page (oidc-provider's development interaction): any password is accepted. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === ISSUER);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  database = await createScratchDatabase('oidc_referrals');
  await startProvider();
  const trust = { AUTH_MODE: 'oidc', AUTH_ISSUER: ISSUER, AUTH_JWKS_URL: `${ISSUER}/jwks`, AUTH_AUDIENCE: 'tellonce' };
  const referrals = launch(
    children,
    'referrals',
    { ...trust, PORT: String(PORTS.referrals), DATABASE_URL: database.url, KAFKA_CONSUMER_GROUP_SUFFIX: `.oidc-e2e-${process.pid}`, KAFKA_CONSUMER_START_AT_LATEST: 'true' },
    'oidc-referrals',
  );
  // Only referrals runs here; the other services' addresses lead nowhere (the pages used need only referrals).
  const nowhere = `http://127.0.0.1:${PORTS.referrals + 100}`;
  const gateway = launch(
    children,
    'gateway',
    { ...trust, GATEWAY_PORT: String(PORTS.gateway), REFERRALS_URL: `http://127.0.0.1:${PORTS.referrals}`, CONSENT_URL: nowhere, PLANS_URL: nowhere, NOTIFICATIONS_URL: nowhere, TIMELINE_URL: nowhere },
    'oidc-gateway',
  );
  await Promise.all([waitReady(`http://127.0.0.1:${PORTS.referrals}/health/ready`, referrals), waitReady(`${CONSOLE}/health/live`, gateway)]);
  const opened = await openBrowser('tellonce-console-oidc-');
  browser = opened;
  context = opened.context;
}, LONG);

afterAll(async () => {
  await browser?.close();
  await Promise.all(children.map((c) => stop(c)));
  await database?.drop().catch(() => undefined);
}, 60_000);

describe('console sign-in through the identity provider (OIDC, authorisation code + PKCE)', () => {
  // Each person signs in on a browser the provider has not seen (its session cookie would sign them straight back in).
  beforeEach(() => context.clearCookies());

  it("tells the console where the provider is, lets the page call only the provider's origin, and mints no dev tokens", async () => {
    const config = await fetch(`${CONSOLE}/v1/auth/config`);
    expect(config.status).toBe(200);
    expect(await config.json()).toEqual({
      mode: 'oidc',
      issuer: ISSUER,
      clientId: 'tellonce-console',
      authorizationEndpoint: `${ISSUER}/auth`,
      tokenEndpoint: `${ISSUER}/token`,
      endSessionEndpoint: `${ISSUER}/session/end`,
      scope: 'openid',
    });
    const page = await fetch(`${CONSOLE}/sign-in`);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${ISSUER};`);
    const devToken = await fetch(`${CONSOLE}/v1/auth/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub: 'x', role: 'admin' }) });
    expect(devToken.status).toBe(404);
  });

  it('signs a coordinator in at the provider and opens the page asked for; the API accepts the provider’s token; signing out ends the provider’s session too', async () => {
    const page = await newPage();
    await page.goto(`${CONSOLE}/families`);
    await page.waitForURL(`${CONSOLE}/sign-in?next=%2Ffamilies`);
    await page.getByText("Sign in with your organisation's account").waitFor();
    expect(await page.locator('.phase-banner').count()).toBe(0); // no "development tokens" banner
    expect(await page.locator('#f-sub').count()).toBe(0); // nor the dev form
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await signInAtProvider(page, 'jo.coordinator');
    await page.waitForURL(`${CONSOLE}/families`);
    await expect(page.locator('.header__who').innerText()).resolves.toBe('Signed in as jo.coordinator (Case coordinator, hub-north)');
    // The families list comes from the referrals service, which verified the provider's token itself.
    await page.getByRole('heading', { level: 1, name: 'Families' }).waitFor();
    await page.locator('.error-summary').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Register a family' }).waitFor();
    // The code and state are gone from the address bar, and what the tab kept for the exchange is spent.
    expect(await stored(page, 'tellonce.oidc.pending')).toBeNull();
    const token = await sessionToken(page);
    const list = await fetch(`${CONSOLE}/v1/families?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    await page.screenshot({ path: path.join(SHOTS, 'oidc-signed-in.png'), fullPage: true });
    // Back on the callback address while signed in (the back button, a reload): the console carries on.
    await page.goto(`${CONSOLE}/sign-in/callback`);
    await page.waitForURL(`${CONSOLE}/families`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.origin === ISSUER);
    await page.locator('button[autofocus], button[type="submit"]').first().click(); // the provider asks to confirm
    await page.waitForURL(`${CONSOLE}/sign-in`);
    expect(await stored(page, 'tellonce.session')).toBeNull();
    // The provider's session ended as well: signing in again asks for the login, not a silent return.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.origin === ISSUER);
    await page.locator('input[name="login"]').waitFor();
    expect(cspViolations).toEqual([]);
    await page.close();
  }, LONG);

  it('sends an agency practitioner to their inbox, with their agency from the token', async () => {
    const page = await startAtSignIn();
    await signInAtProvider(page, 'sam.midwife');
    await page.waitForURL(`${CONSOLE}/inbox`);
    await expect(page.locator('.header__who').innerText()).resolves.toBe('Signed in as sam.midwife (Practitioner (partner agency), nhs-midwifery)');
    expect(cspViolations).toEqual([]);
    await page.close();
  }, LONG);

  it('shows ops staff, signed in at the provider, that sign-in works, and says so in ops status', async () => {
    const page = await startAtSignIn();
    await signInAtProvider(page, 'ops.watch');
    await page.waitForURL(`${CONSOLE}/ops`);
    await expect(page.getByTestId('sign-in-status').innerText()).resolves.toBe('The identity provider answers: staff can sign in.');
    const token = await sessionToken(page);
    const status = (await (await fetch(`${CONSOLE}/v1/ops/status`, { headers: { authorization: `Bearer ${token}` } })).json()) as { signIn: unknown };
    expect(status.signIn).toMatchObject({ mode: 'oidc', status: 'ok' });
    expect(cspViolations).toEqual([]);
    await page.close();
  }, LONG);

  it('turns away an account without a TellOnce role, and a callback replayed or not started in this tab', async () => {
    const page = await startAtSignIn();
    let callback = '';
    page.on('request', (request) => {
      if (request.url().startsWith(`${CONSOLE}/sign-in/callback?`)) callback = request.url();
    });
    await signInAtProvider(page, 'no.role');
    await page.getByText('Your account has no TellOnce role').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await stored(page, 'tellonce.session')).toBeNull();
    expect(callback).toContain('code=');

    // The same callback again (a code in a history entry or a shared link) is not redeemed twice.
    await page.goto(callback);
    await page.getByText('This sign-in was not started here, or has already been used').waitFor();
    expect(await stored(page, 'tellonce.session')).toBeNull();
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await page.waitForURL(`${CONSOLE}/sign-in`);
    expect(cspViolations).toEqual([]);
    await page.close();
  }, LONG);
});
