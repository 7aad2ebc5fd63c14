// A real OpenID Connect provider (panva's certified oidc-provider) standing in for the authority's
// one, so the console's sign-in (authorisation code + PKCE) is tested against a provider that
// enforces the specification, not against our own reading of it. Test and local use only:
// accounts are fixed, every key is made at start-up, and its login page accepts any password.
//
//   OIDC_PORT=9090 CONSOLE_ORIGIN=http://127.0.0.1:8080 node scripts/oidc-test-provider.mjs
//
// Then run the gateway with AUTH_MODE=oidc AUTH_ISSUER=http://127.0.0.1:9090
// AUTH_JWKS_URL=http://127.0.0.1:9090/jwks (and the services with the same issuer and JWKS).
// Prints one line `{"ready":true,"issuer":...}` on stdout when it listens.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT || 9090);
const issuer = `http://127.0.0.1:${port}`;
const audience = process.env.AUTH_AUDIENCE || 'tellonce';
/** The API as a resource indicator (RFC 8707 wants an absolute URI); its tokens are for `audience`. */
const resource = `urn:${audience}:api`;
const clientId = process.env.OIDC_CLIENT_ID || 'tellonce-console';
const origins = (process.env.CONSOLE_ORIGIN || 'http://127.0.0.1:8080').split(',').map((o) => o.trim());

/** Who may sign in, and the claims the contract's tokens carry (role, agencyId, hubId). */
const ACCOUNTS = {
  'jo.coordinator': { role: 'coordinator', hubId: 'hub-north' },
  'sam.midwife': { role: 'practitioner', agencyId: 'nhs-midwifery' },
  'ops.watch': { role: 'ops' },
  'no.role': {},
  ...JSON.parse(process.env.OIDC_ACCOUNTS || '{}'),
};

const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: 'none', // a browser app holds no secret: PKCE instead
      id_token_signed_response_alg: 'ES256',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: origins.map((o) => `${o}/sign-in/callback`),
      post_logout_redirect_uris: origins.map((o) => `${o}/sign-in`),
    },
  ],
  jwks: { keys: [{ ...signingKey, kid: `test-${Date.now().toString(36)}`, alg: 'ES256', use: 'sig' }] },
  enabledJWA: { authorizationSigningAlgValues: ['ES256'], idTokenSigningAlgValues: ['ES256'] },
  claims: { openid: ['sub'] },
  async findAccount(_ctx, id) {
    if (!Object.hasOwn(ACCOUNTS, id)) return undefined;
    return { accountId: id, claims: async () => ({ sub: id }) };
  },
  // The access token is a JWT for the TellOnce API (audience), carrying the contract's claims.
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => resource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async () => ({ scope: 'openid', audience, accessTokenTTL: 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } }),
    },
  },
  async extraTokenClaims(_ctx, token) {
    if (token.kind !== 'AccessToken') return undefined;
    return ACCOUNTS[token.accountId] ?? undefined;
  },
  // The console calls the token endpoint from the browser: only its own origins may.
  clientBasedCORS: (_ctx, origin) => origins.includes(origin),
  pkce: { required: () => true },
  // Consent is the authority's business; the test skips the provider's consent screen.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid');
    grant.addResourceScope(resource, 'openid');
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

const server = provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ ready: true, issuer, clientId })}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
