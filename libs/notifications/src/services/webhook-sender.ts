import http from 'node:http';
import https from 'node:https';
import { Injectable } from '@nestjs/common';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface WebhookResponse {
  /** Null when no HTTP answer came (timeout, refused, DNS). */
  statusCode: number | null;
  retryAfter: string | null;
  durationMs: number;
  /** Our own short description of what went wrong; never the partner's response body. */
  error: string | null;
}

/** Port: the HTTP client that posts webhooks (tests may swap it). */
export abstract class WebhookSender {
  abstract send(request: WebhookRequest): Promise<WebhookResponse>;
}

/** Keep-alive connections per partner host, so a busy endpoint is not a TLS handshake per delivery. */
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 32 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 32 }),
} as const;

/**
 * Posts with node:http(s) rather than fetch: a fraction of fetch's CPU per request (it showed in
 * the load profile), and the partner's response body is discarded as it arrives, never buffered.
 * Redirects are not followed: a 3xx could point the delivery at an internal address.
 */
@Injectable()
export class HttpWebhookSender extends WebhookSender {
  send(request: WebhookRequest): Promise<WebhookResponse> {
    const started = Date.now();
    const answer = (statusCode: number | null, retryAfter: string | null, error: string | null): WebhookResponse => ({ statusCode, retryAfter, durationMs: Date.now() - started, error });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve(answer(null, null, 'request failed (invalid url)'));
    }
    const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (!transport) return Promise.resolve(answer(null, null, 'request failed (unsupported scheme)'));
    return new Promise((resolve) => {
      let settled = false;
      const settle = (response: WebhookResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(response);
      };
      const req = transport.request(
        url,
        { method: 'POST', headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) }, agent: AGENTS[url.protocol as 'http:' | 'https:'] },
        (res) => {
          const status = res.statusCode ?? 0;
          const retryAfter = res.headers['retry-after'] ?? null;
          res.resume(); // read and discard: the connection can be reused, the body is never kept
          // A partner that never finishes its body does not keep the connection for ever.
          const draining = setTimeout(() => res.destroy(), request.timeoutMs).unref();
          res.once('close', () => clearTimeout(draining));
          settle(answer(status, typeof retryAfter === 'string' ? retryAfter : null, status >= 200 && status < 300 ? null : `HTTP ${status}`));
        },
      );
      const timer = setTimeout(() => {
        settle(answer(null, null, `timeout after ${request.timeoutMs} ms`));
        req.destroy();
      }, request.timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => settle(answer(null, null, `request failed${error.code ? ` (${error.code})` : ''}`)));
      req.end(request.body);
    });
  }
}
