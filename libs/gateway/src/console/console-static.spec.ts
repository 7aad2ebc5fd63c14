import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { consoleMiddleware } from './console-static';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

/** A built console in a temporary directory, served as main.ts serves it; what the middleware passes on answers 418. */
function gatewayServing(consoleDir: string) {
  const app = express();
  app.use(consoleMiddleware(consoleDir));
  app.use((_req, res) => res.status(418).send('passed on'));
  return request(app);
}

describe('console static serving', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tellonce-console-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("console");');
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers a deep link from an email (/referrals/:id) with the console page, which routes it', async () => {
    const res = await gatewayServing(dir).get('/referrals/0f5e2d1c-8b7a-4c3d-9e2f-1a0b9c8d7e6f').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toBe(INDEX);
  });

  it('serves a built asset', async () => {
    const res = await gatewayServing(dir).get('/assets/index-abc123.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toContain('console.log');
  });

  it('answers 404 for a missing asset, never the console page in its place', async () => {
    for (const missing of ['/assets/nope.js', '/assets/index-old999.css', '/assets/']) {
      const res = await gatewayServing(dir).get(missing);
      expect([missing, res.status]).toEqual([missing, 404]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.text).not.toContain('<html');
    }
    await gatewayServing(dir).head('/assets/nope.js').expect(404);
  });

  it('never answers for the API, health, metrics or keys, nor for writes', async () => {
    for (const own of ['/v1/referrals/x', '/health/live', '/metrics', '/.well-known/jwks.json']) await gatewayServing(dir).get(own).expect(418);
    await gatewayServing(dir).post('/referrals/x').expect(418);
  });

  it('says the console is not built when there is no index.html', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tellonce-console-empty-'));
    try {
      const res = await gatewayServing(empty).get('/referrals/x').expect(503);
      expect(res.text).toMatch(/not been built/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
