import express from 'express';
import request from 'supertest';
import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  const app = express();
  app.use(securityHeaders());
  app.get('/v1/families/f1', (_req, res) => res.json({ id: 'f1' }));
  app.get('/', (_req, res) => res.type('html').send('<!doctype html><title>TellOnce</title>'));

  it('denies framing, sniffing, referrers and other origins on every response', async () => {
    for (const path of ['/', '/v1/families/f1']) {
      const res = await request(app).get(path);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    }
  });

  it('lets no cache keep an API answer (family data), and leaves the console page to its own caching', async () => {
    expect((await request(app).get('/v1/families/f1')).headers['cache-control']).toBe('no-store');
    expect((await request(app).get('/')).headers['cache-control']).toBeUndefined();
  });

  it("lets the console's code call only its own origin, plus the OIDC provider's when sign-in needs it", async () => {
    expect((await request(app).get('/')).headers['content-security-policy']).toContain("connect-src 'self';");
    const oidc = express();
    let sources = ['https://login.example.gov.uk'];
    oidc.use(securityHeaders(() => sources));
    oidc.get('/', (_req, res) => res.send('ok'));
    expect((await request(oidc).get('/')).headers['content-security-policy']).toContain("connect-src 'self' https://login.example.gov.uk;");
    sources = ['https://login.example.gov.uk', 'https://tokens.example.gov.uk'];
    expect((await request(oidc).get('/')).headers['content-security-policy']).toContain("connect-src 'self' https://login.example.gov.uk https://tokens.example.gov.uk;");
  });
});
