import { describe, expect, it } from '@jest/globals';
import { authorizationUrl, challengeFor, createPkce, endSessionUrl, sessionFromTokens, SignInError, type OidcConfig } from './oidc';

const config: OidcConfig = {
  mode: 'oidc',
  issuer: 'https://login.example.gov.uk',
  clientId: 'tellonce-console',
  authorizationEndpoint: 'https://login.example.gov.uk/authorize?tenant=hubs',
  tokenEndpoint: 'https://login.example.gov.uk/token',
  endSessionEndpoint: 'https://login.example.gov.uk/logout',
  scope: 'openid',
};

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const tokenWith = (claims: Record<string, unknown>) => `${b64url({ alg: 'ES256', typ: 'at+jwt' })}.${b64url(claims)}.c2lnbmF0dXJl`;

describe('PKCE (RFC 7636)', () => {
  it('derives the S256 challenge of the RFC 7636 appendix B example', async () => {
    await expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh 43-character unreserved verifier each time, with its challenge', async () => {
    const first = await createPkce();
    const second = await createPkce();
    expect(first.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.verifier).not.toBe(second.verifier);
    await expect(challengeFor(first.verifier)).resolves.toBe(first.challenge);
  });
});

describe('the authorisation request', () => {
  it('asks for a code with the S256 challenge, the state and the callback on this origin, keeping the endpoint’s own query', () => {
    const url = new URL(authorizationUrl(config, { origin: 'https://tellonce.example.gov.uk', state: 'st4te', challenge: 'ch4llenge' }));
    expect(url.origin + url.pathname).toBe('https://login.example.gov.uk/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'hubs',
      response_type: 'code',
      client_id: 'tellonce-console',
      redirect_uri: 'https://tellonce.example.gov.uk/sign-in/callback',
      scope: 'openid',
      state: 'st4te',
      code_challenge: 'ch4llenge',
      code_challenge_method: 'S256',
    });
  });

  it('names the API as a resource only when the gateway says to', () => {
    const plain = new URL(authorizationUrl(config, { origin: 'https://t.example', state: 's', challenge: 'c' }));
    expect(plain.searchParams.has('resource')).toBe(false);
    const withResource = new URL(authorizationUrl({ ...config, resource: 'urn:tellonce:api' }, { origin: 'https://t.example', state: 's', challenge: 'c' }));
    expect(withResource.searchParams.get('resource')).toBe('urn:tellonce:api');
  });
});

describe('the session from the provider’s tokens', () => {
  it('takes who, role, agency and hub from the access token, and keeps the ID token for signing out', () => {
    const accessToken = tokenWith({ sub: 'sam.midwife', role: 'practitioner', agencyId: 'nhs-midwifery', aud: 'tellonce', exp: 2_000_000_000 });
    expect(sessionFromTokens({ access_token: accessToken, id_token: 'id.token.here' })).toEqual({
      token: accessToken,
      sub: 'sam.midwife',
      role: 'practitioner',
      agencyId: 'nhs-midwifery',
      idToken: 'id.token.here',
    });
  });

  it('reads claims written in UTF-8', () => {
    expect(sessionFromTokens({ access_token: tokenWith({ sub: 'siân.ó-brien', role: 'coordinator', hubId: 'hub-north' }) })).toMatchObject({ sub: 'siân.ó-brien', hubId: 'hub-north' });
  });

  it.each([
    ['no access token', {}],
    ['an access token that is not a JWT', { access_token: 'opaque-reference-token' }],
    ['an access token whose claims are not JSON', { access_token: 'eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln' }],
    ['no role', { access_token: tokenWith({ sub: 'no.role' }) }],
    ['a role TellOnce does not know', { access_token: tokenWith({ sub: 'x', role: 'superuser' }) }],
    ['no subject', { access_token: tokenWith({ role: 'coordinator' }) }],
  ])('turns away %s with a message a person can act on', (_what, tokens) => {
    expect(() => sessionFromTokens(tokens)).toThrow(SignInError);
  });
});

describe('signing out of the provider', () => {
  it('sends the ID token, the client and the way back to the sign-in page', () => {
    const url = new URL(endSessionUrl(config, { idToken: 'id.token.here' }, 'https://tellonce.example.gov.uk')!);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'tellonce-console', post_logout_redirect_uri: 'https://tellonce.example.gov.uk/sign-in', id_token_hint: 'id.token.here' });
  });

  it('has nowhere to go when the provider publishes no sign-out endpoint', () => {
    expect(endSessionUrl({ ...config, endSessionEndpoint: undefined }, {}, 'https://t.example')).toBeNull();
  });
});
