import { spawn, ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { baseUrl, eventually, token } from './support/api';

// Under overload the gateway sheds load at once (503 + Retry-After) instead of queueing requests
// the client will have given up on. A stand-in upstream that holds its answers until the test
// lets go makes the overload deterministic: the admitted requests stay in flight meanwhile.
describe('gateway load shedding', () => {
  let gateway: ChildProcess;
  let slow: http.Server;
  let upstreamCalls = 0;
  let holding = true;
  const held: http.ServerResponse[] = [];
  const answer = (res: http.ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  const port = Number(process.env.GATEWAY_PORT || 18080) + 9;

  beforeAll(async () => {
    slow = http.createServer((_req, res) => {
      upstreamCalls++;
      if (holding) held.push(res);
      else answer(res);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const root = path.resolve(__dirname, '../..');
    gateway = spawn(process.execPath, ['-r', path.join(root, 'scripts/register-paths.js'), path.join(root, 'dist/apps/gateway/src/main.js')], {
      env: {
        ...process.env,
        GATEWAY_PORT: String(port),
        AUTH_MODE: 'oidc',
        AUTH_JWKS_URL: `${baseUrl()}/.well-known/jwks.json`,
        REFERRALS_URL: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
        UPSTREAM_MAX_INFLIGHT: '2',
      },
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
    throw new Error('load-shedding gateway did not start');
  });

  afterAll(async () => {
    gateway?.kill('SIGTERM');
    await new Promise<void>((resolve) => slow.close(() => resolve()));
  });

  it('admits up to the in-flight bound per service and answers the rest 503 with Retry-After', async () => {
    const auth = `Bearer ${await token({ role: 'coordinator', hubId: 'hub-north' })}`;
    const answered: Response[] = [];
    const requests = Array.from({ length: 6 }, () =>
      fetch(`http://127.0.0.1:${port}/v1/directory/needs`, { headers: { authorization: auth } }).then((r) => {
        answered.push(r);
        return r;
      }),
    );
    // Two admitted and held upstream, four answered at once by the gateway itself.
    await eventually(async () => held.length === 2 && answered.length === 4);
    expect(answered.map((r) => r.status)).toEqual([503, 503, 503, 503]);
    holding = false;
    held.splice(0).forEach(answer);
    const responses = await Promise.all(requests);
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 503, 503, 503, 503]);
    const shed = responses.find((r) => r.status === 503)!;
    expect(shed.headers.get('retry-after')).toBe('1');
    expect(shed.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(upstreamCalls).toBe(2);

    // Once the bound frees up, requests are admitted again.
    const after = await fetch(`http://127.0.0.1:${port}/v1/directory/needs`, { headers: { authorization: auth } });
    expect(after.status).toBe(200);
  });

  it('retries waiting for their Idempotency-Key twin hold no slot: other requests still get through', async () => {
    const auth = `Bearer ${await token({ role: 'coordinator', hubId: 'hub-north' })}`;
    holding = true;
    const callsBefore = upstreamCalls;
    const key = `twins-${process.pid}-${Date.now()}`;
    const send = () => fetch(`http://127.0.0.1:${port}/v1/referrals`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json', 'idempotency-key': key }, body: '{}' });
    const first = send();
    await eventually(async () => held.length === 1);
    // Retries of the held POST wait for its answer; were they to keep their slot while waiting, the
    // last of the bound of 2 would be taken and the read below shed.
    const twins = [send(), send(), send()];
    await new Promise((r) => setTimeout(r, 300));
    const read = fetch(`http://127.0.0.1:${port}/v1/directory/needs`, { headers: { authorization: auth } });
    await eventually(async () => held.length === 2);
    holding = false;
    held.splice(0).forEach(answer);
    expect((await read).status).toBe(200);
    expect((await first).status).toBe(200);
    // Twins arriving in the same instant may be shed on arrival (503) like any request; the one that
    // got the free slot gave it back while it waited, and got the first answer replayed.
    const retried = await Promise.all(twins);
    expect(retried.every((r) => r.status === 503 || (r.status === 200 && r.headers.get('idempotent-replayed') === 'true'))).toBe(true);
    expect(retried.filter((r) => r.headers.get('idempotent-replayed') === 'true').length).toBeGreaterThanOrEqual(1);
    expect(upstreamCalls - callsBefore).toBe(2); // the POST once, the read once
  });
});
