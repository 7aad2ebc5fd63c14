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

/** Port: the HTTP client that posts webhooks (tests may swap it; production uses fetch). */
export abstract class WebhookSender {
  abstract send(request: WebhookRequest): Promise<WebhookResponse>;
}

@Injectable()
export class FetchWebhookSender extends WebhookSender {
  async send(request: WebhookRequest): Promise<WebhookResponse> {
    const started = Date.now();
    try {
      // Redirects are not followed: a 3xx could point the delivery at an internal address.
      const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(request.timeoutMs) });
      await response.arrayBuffer().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return { statusCode: response.status, retryAfter: response.headers.get('retry-after'), durationMs: Date.now() - started, error: ok ? null : `HTTP ${response.status}` };
    } catch (error) {
      const name = (error as Error).name;
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const text = name === 'TimeoutError' || name === 'AbortError' ? `timeout after ${request.timeoutMs} ms` : `request failed${cause ? ` (${cause})` : ''}`;
      return { statusCode: null, retryAfter: null, durationMs: Date.now() - started, error: text };
    }
  }
}
