import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { HttpWebhookSender } from './webhook-sender';

/** A partner endpoint on loopback whose answer each test scripts. */
async function endpoint(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ url: string; requests: { path: string; headers: IncomingMessage['headers']; body: string }[]; close: () => Promise<void> }> {
  const requests: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('HttpWebhookSender', () => {
  const sender = new HttpWebhookSender();
  const send = (url: string, timeoutMs = 2000) => sender.send({ url, headers: { 'content-type': 'application/cloudevents+json', 'webhook-id': 'msg_1' }, body: '{"données":"é"}', timeoutMs });

  it('posts the body and headers as given and reports a 2xx as success', async () => {
    const partner = await endpoint((_req, res) => res.writeHead(204).end());
    try {
      const response = await send(partner.url);
      expect(response).toMatchObject({ statusCode: 204, retryAfter: null, error: null });
      expect(typeof response.durationMs).toBe('number');
      expect(partner.requests).toHaveLength(1);
      expect(partner.requests[0].body).toBe('{"données":"é"}');
      expect(partner.requests[0].headers).toMatchObject({ 'content-type': 'application/cloudevents+json', 'webhook-id': 'msg_1', 'content-length': String(Buffer.byteLength('{"données":"é"}')) });
    } finally {
      await partner.close();
    }
  });

  it('reports a non-2xx with its Retry-After and our own text, never the partner body', async () => {
    const partner = await endpoint((_req, res) => res.writeHead(503, { 'retry-after': '7' }).end('secret internal stack trace'));
    try {
      expect(await send(partner.url)).toMatchObject({ statusCode: 503, retryAfter: '7', error: 'HTTP 503' });
    } finally {
      await partner.close();
    }
  });

  it('does not follow a redirect', async () => {
    const partner = await endpoint((req, res) => (req.url === '/hooks' ? res.writeHead(302, { location: '/elsewhere' }).end() : res.writeHead(200).end()));
    try {
      expect(await send(partner.url)).toMatchObject({ statusCode: 302, error: 'HTTP 302' });
      expect(partner.requests.map((r) => r.path)).toEqual(['/hooks']);
    } finally {
      await partner.close();
    }
  });

  it('gives up after the timeout when the partner does not answer', async () => {
    const partner = await endpoint(() => undefined);
    try {
      expect(await send(partner.url, 200)).toMatchObject({ statusCode: null, error: 'timeout after 200 ms' });
    } finally {
      await partner.close();
    }
  });

  it('answers at the status line, however large or slow the body that follows', async () => {
    const partner = await endpoint((_req, res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(1024 * 1024));
      // ...and never ends it.
    });
    try {
      expect(await send(partner.url, 500)).toMatchObject({ statusCode: 200, error: null });
    } finally {
      await partner.close();
    }
  });

  it('reports a refused connection and a bad URL without throwing', async () => {
    const partner = await endpoint((_req, res) => res.end());
    const url = partner.url;
    await partner.close();
    expect(await send(url)).toMatchObject({ statusCode: null, error: 'request failed (ECONNREFUSED)' });
    expect(await send('not a url')).toMatchObject({ statusCode: null, error: 'request failed (invalid url)' });
    expect(await send('ftp://127.0.0.1/x')).toMatchObject({ statusCode: null, error: 'request failed (unsupported scheme)' });
  });
});
