import { SignInConfigSource } from './sign-in-config';

const ISSUER = 'https://login.example.gov.uk/tenant';
const settings = { AUTH_MODE: 'oidc', AUTH_ISSUER: ISSUER, OIDC_CLIENT_ID: 'tellonce-console', OIDC_SCOPE: 'openid', OIDC_RESOURCE: '' };
const DOCUMENT = {
  issuer: ISSUER,
  authorization_endpoint: 'https://login.example.gov.uk/tenant/authorize',
  token_endpoint: 'https://tokens.example.gov.uk/tenant/token',
  end_session_endpoint: 'https://login.example.gov.uk/tenant/logout',
};

/** A provider whose discovery document can be changed or taken down between calls. */
function provider(initial: unknown = DOCUMENT) {
  const state = { document: initial as unknown, status: 200, down: false, calls: [] as string[] };
  const fetchImpl = async (url: string) => {
    state.calls.push(url);
    if (state.down) throw new Error('connect ECONNREFUSED');
    return { ok: state.status < 300, status: state.status, json: async () => state.document };
  };
  return { state, fetchImpl };
}

describe('SignInConfigSource', () => {
  it('in dev mode says so and reads nothing, and lets the console call no other origin', async () => {
    const { state, fetchImpl } = provider();
    const source = new SignInConfigSource({ ...settings, AUTH_MODE: 'dev' }, fetchImpl);
    await expect(source.get()).resolves.toEqual({ mode: 'dev' });
    expect(source.connectSources()).toEqual([]);
    expect(state.calls).toEqual([]);
  });

  it("in oidc mode gives the console the provider's endpoints from its discovery document, read once", async () => {
    const { state, fetchImpl } = provider();
    const source = new SignInConfigSource({ ...settings, OIDC_RESOURCE: 'urn:tellonce:api' }, fetchImpl);
    expect(source.connectSources()).toEqual(['https://login.example.gov.uk']);
    const config = await source.get();
    expect(config).toEqual({
      mode: 'oidc',
      issuer: ISSUER,
      clientId: 'tellonce-console',
      authorizationEndpoint: DOCUMENT.authorization_endpoint,
      tokenEndpoint: DOCUMENT.token_endpoint,
      endSessionEndpoint: DOCUMENT.end_session_endpoint,
      scope: 'openid',
      resource: 'urn:tellonce:api',
    });
    await source.get();
    expect(state.calls).toEqual([`${ISSUER}/.well-known/openid-configuration`]);
    expect(source.connectSources()).toEqual(['https://login.example.gov.uk', 'https://tokens.example.gov.uk']);
  });

  it.each([
    ['names another issuer', { ...DOCUMENT, issuer: 'https://evil.example' }],
    ['sends the browser over plain http to another machine', { ...DOCUMENT, authorization_endpoint: 'http://login.example.gov.uk/authorize' }],
    ['has no token endpoint', { ...DOCUMENT, token_endpoint: undefined }],
    ['is not an object', null],
  ])('refuses a discovery document that %s: 503, and tries again only after a pause', async (_what, document) => {
    let now = 1_000_000;
    const { state, fetchImpl } = provider(document);
    const source = new SignInConfigSource(settings, fetchImpl, () => now);
    await expect(source.get()).rejects.toMatchObject({ status: 503 });
    await expect(source.get()).rejects.toMatchObject({ status: 503 });
    expect(state.calls).toHaveLength(1);
    state.document = DOCUMENT;
    now += 10_000;
    await expect(source.get()).resolves.toMatchObject({ mode: 'oidc', tokenEndpoint: DOCUMENT.token_endpoint });
  });

  it('accepts plain http only on this machine (a local provider for development and tests)', async () => {
    const local = 'http://127.0.0.1:9090';
    const { fetchImpl } = provider({ issuer: local, authorization_endpoint: `${local}/auth`, token_endpoint: `${local}/token` });
    const config = await new SignInConfigSource({ ...settings, AUTH_ISSUER: local }, fetchImpl).get();
    expect(config).toEqual({ mode: 'oidc', issuer: local, clientId: 'tellonce-console', authorizationEndpoint: `${local}/auth`, tokenEndpoint: `${local}/token`, scope: 'openid' });
  });

  it('keeps the last good document while the provider is down, and refreshes it hourly', async () => {
    let now = 1_000_000;
    const { state, fetchImpl } = provider();
    const source = new SignInConfigSource(settings, fetchImpl, () => now);
    await source.get();
    state.down = true;
    now += 3_600_000;
    await expect(source.get()).resolves.toMatchObject({ tokenEndpoint: DOCUMENT.token_endpoint });
    state.down = false;
    state.document = { ...DOCUMENT, token_endpoint: 'https://login.example.gov.uk/tenant/token2' };
    now += 10_000;
    await expect(source.get()).resolves.toMatchObject({ tokenEndpoint: 'https://login.example.gov.uk/tenant/token2' });
    expect(state.calls).toHaveLength(3);
  });

  it('with an issuer that is not an address (API tokens only) verifies nothing here: sign-in is unavailable, and the CSP stays same-origin', async () => {
    const { state, fetchImpl } = provider();
    const source = new SignInConfigSource({ ...settings, AUTH_ISSUER: 'tellonce-dev' }, fetchImpl);
    expect(source.connectSources()).toEqual([]);
    await expect(source.get()).rejects.toMatchObject({ status: 503 });
    expect(state.calls).toEqual([]);
  });

  it('tells ops whether staff can sign in: the provider is asked again at most every 30 s', async () => {
    let now = 1_000_000;
    const { state, fetchImpl } = provider();
    const source = new SignInConfigSource(settings, fetchImpl, () => now);
    await expect(source.health()).resolves.toMatchObject({ mode: 'oidc', status: 'ok' });
    state.down = true;
    now += 29_000;
    await expect(source.health()).resolves.toMatchObject({ status: 'ok' });
    expect(state.calls).toHaveLength(1);
    now += 1_000;
    await expect(source.health()).resolves.toMatchObject({ status: 'down', checkedAt: new Date(now).toISOString() });
    await expect(source.get()).resolves.toMatchObject({ mode: 'oidc' }); // sign-in keeps the last good document
    state.down = false;
    now += 30_000;
    await expect(source.health()).resolves.toMatchObject({ status: 'ok' });
    expect(await new SignInConfigSource({ ...settings, AUTH_MODE: 'dev' }, fetchImpl).health()).toEqual({ mode: 'dev', status: 'ok' });
  });
});
