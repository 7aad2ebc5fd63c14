import { spawn, ChildProcess } from 'node:child_process';
import path from 'node:path';
import { api, baseUrl, bearer, servicePorts } from './support/api';
import { parsePrometheusText } from './support/prometheus';
import { SignJWT, generateKeyPair } from 'jose';

describe('gateway: authentication, errors and limits', () => {
  it('answers 401 problem+json without a token, with a malformed one, and with a forged one', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'ES256', kid: 'nope' }).setSubject('mallory').setIssuer('tellonce-dev').setAudience('tellonce').setExpirationTime('1h').sign(privateKey);
    for (const auth of [undefined, 'Bearer not-a-jwt', `Bearer ${forged}`, 'Basic YWRtaW46YWRtaW4=']) {
      const req = api().get('/v1/referrals');
      const res = await (auth ? req.set('Authorization', auth) : req);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('checks the token again at the service: a direct call without one is 401', async () => {
    const res = await fetch(`http://127.0.0.1:${servicePorts().referrals}/v1/referrals`);
    expect(res.status).toBe(401);
  });

  it('answers 403 for a role the matrix does not allow', async () => {
    const res = await api().get('/v1/audit').set(await bearer({ role: 'coordinator', hubId: 'hub-north' }));
    expect(res.status).toBe(403);
    expect(res.body.status).toBe(403);
  });

  it('rejects unknown fields with 400 problem+json naming the field', async () => {
    const res = await api()
      .post('/v1/families')
      .set(await bearer({ role: 'coordinator', hubId: 'hub-north' }))
      .send({ hubId: 'hub-north', address: { postcode: 'NG1 1AA' }, members: [{ givenName: 'Ann', familyName: 'Lee', relationship: 'parent', livesInHousehold: true }], favouriteColour: 'blue' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'favouriteColour' })]));
    expect(JSON.stringify(res.body)).not.toContain('blue');
  });

  it('answers 413 for a body over the limit, and 400 for malformed JSON', async () => {
    const auth = await bearer({ role: 'coordinator', hubId: 'hub-north' });
    const big = await api().post('/v1/referrals').set(auth).set('content-type', 'application/json').send(JSON.stringify({ story: 'x'.repeat(3 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body.status).toBe(413);
    const bad = await api().post('/v1/families').set(auth).set('content-type', 'application/json').send('{"hubId": ');
    expect(bad.status).toBe(400);
    expect(bad.body.status).toBe(400);
  });

  it('answers 404 problem+json for an unknown endpoint', async () => {
    const res = await api().get('/v1/nothing-here').set(await bearer({ role: 'admin' }));
    expect(res.status).toBe(404);
    expect(res.body.status).toBe(404);
  });

  it('sends security headers on the console and the API, and forbids caching family data', async () => {
    const page = await api().get('/');
    const family = await api().get('/v1/referrals').set(await bearer({ role: 'coordinator', hubId: 'hub-north' })).expect(200);
    for (const res of [page, family]) {
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    expect(family.headers['cache-control']).toBe('no-store');
  });

  it('serves the OpenAPI document listing the contract endpoints', async () => {
    const res = await api().get('/v1/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/referrals', '/v1/families/{familyId}/timeline', '/v1/consent/decision', '/v1/ops/status']));
  });
});

describe('every service: health and metrics', () => {
  it.each(Object.entries(servicePorts()))('%s answers /health/live, /health/ready and valid Prometheus /metrics', async (_name, port) => {
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    const parsed = parsePrometheusText(await metrics.text());
    expect(parsed.samples).toBeGreaterThan(10);
    expect(parsed.families.get('tellonce_http_request_duration_seconds')).toBe('histogram');
  });
});

describe('dev tokens only in dev mode', () => {
  let child: ChildProcess;
  const port = Number(process.env.GATEWAY_PORT || 18080) + 7;

  beforeAll(async () => {
    const root = path.resolve(__dirname, '../..');
    child = spawn(process.execPath, ['-r', path.join(root, 'scripts/register-paths.js'), path.join(root, 'dist/apps/gateway/src/main.js')], {
      env: { ...process.env, GATEWAY_PORT: String(port), AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://login.example.invalid', AUTH_JWKS_URL: `${baseUrl()}/.well-known/jwks.json` },
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health/live`)).ok) return;
      } catch {
        /* starting */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('second gateway did not start');
  });

  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('answers 404 for POST /v1/auth/dev-token when AUTH_MODE is not dev', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/auth/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub: 'x', role: 'admin' }) });
    expect(res.status).toBe(404);
  });
});
