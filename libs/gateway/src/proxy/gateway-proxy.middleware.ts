import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { endSpan, LOGGER, Principal, problem, ProblemDetails, requestContext, SpanKind, startSpan, TokenVerifier } from '@tellonce/platform';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { GatewayConfig, serviceUrls } from '../gateway.config';
import { IdempotencyStore } from '../idempotency/idempotency-store';
import { InflightLimiter } from './inflight-limiter';
import { matchEndpoint, ownerOf, pathExists } from './route-table';

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** Paths the gateway answers itself (Nest controllers); everything else under /v1 is proxied. */
const OWN_PATHS = [/^\/v1\/auth\//, /^\/v1\/openapi\.json$/, /^\/v1\/ops\/(?!webhook-dead-letters\/?$)/];

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

class BodyTooLarge extends Error {}

/** How much of a body declared too large the gateway reads (and discards) before answering 413. */
const MAX_DISCARDED_BODY_BYTES = 16 * 1024 * 1024;

function sendProblem(res: Response, body: ProblemDetails): void {
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/**
 * The one public entry point for /v1/*: verifies the token (401), checks the authorisation matrix
 * (403), enforces the body limit (413), applies Idempotency-Key to POSTs, and forwards to the
 * owning service, which verifies the token again.
 */
@Injectable()
export class GatewayProxyMiddleware implements NestMiddleware {
  private readonly urls: Record<string, string>;
  private readonly limiter: InflightLimiter;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly verifier: TokenVerifier,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.urls = serviceUrls(config);
    this.limiter = new InflightLimiter(config.UPSTREAM_MAX_INFLIGHT);
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const path = req.originalUrl.split('?')[0];
    if (!path.startsWith('/v1/') || OWN_PATHS.some((p) => p.test(path))) return next();
    try {
      await this.handle(req, res, path);
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendProblem(res, problem(413, `The request body is larger than ${this.config.BODY_LIMIT_BYTES} bytes.`));
      this.logger.error({ err: (error as Error).message, route: path.replace(/[0-9a-f-]{36}/g, ':id') }, 'gateway failure');
      if (!res.headersSent) sendProblem(res, problem(502, 'The service could not be reached.'));
    }
  }

  private async handle(req: Request, res: Response, path: string): Promise<void> {
    const owner = ownerOf(path);
    if (!owner || !pathExists(path)) return sendProblem(res, problem(404, 'No such endpoint.'));
    let principal;
    try {
      principal = await this.verifier.verify(req.headers.authorization);
    } catch {
      return sendProblem(res, problem(401, 'A valid bearer token is required.'));
    }
    const endpoint = matchEndpoint(req.method, path);
    if (!endpoint) return sendProblem(res, problem(405, 'This method is not allowed on this endpoint.'));
    if (!endpoint.roles.includes(principal.role)) return sendProblem(res, problem(403, 'Your role may not use this endpoint.'));
    if (Number(req.headers['content-length'] ?? 0) > this.config.BODY_LIMIT_BYTES) return this.refuseDeclaredOversizedBody(req, res);
    if (!this.limiter.tryAcquire(owner)) {
      res.setHeader('retry-after', '1');
      if (Number(req.headers['content-length'] ?? 0) > 0) res.setHeader('connection', 'close');
      return sendProblem(res, problem(503, 'The service is busy. Retry in a moment.'));
    }
    const slot = { held: true };
    try {
      await this.proxyAdmitted(req, res, owner, principal, slot);
    } finally {
      if (slot.held) this.limiter.release(owner);
    }
  }

  /**
   * 413 once the client has finished sending: closing on a client that is still uploading makes it
   * see a reset connection (EPIPE) instead of the answer. The body is read and thrown away, up to a
   * bound; a client sending more than that is answered and cut off.
   */
  private refuseDeclaredOversizedBody(req: Request, res: Response): Promise<void> {
    const bound = Math.max(MAX_DISCARDED_BODY_BYTES, this.config.BODY_LIMIT_BYTES);
    return new Promise((resolve) => {
      let discarded = 0;
      let answered = false;
      const answer = (close: boolean) => {
        if (answered) return;
        answered = true;
        if (close) res.setHeader('connection', 'close');
        sendProblem(res, problem(413, `The request body is larger than ${this.config.BODY_LIMIT_BYTES} bytes.`));
        resolve();
      };
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > bound) answer(true);
      });
      req.on('end', () => answer(false));
      req.on('error', () => answer(true));
    });
  }

  private async proxyAdmitted(req: Request, res: Response, owner: string, principal: Principal, slot: { held: boolean }): Promise<void> {
    const body = await this.readBody(req);

    const idempotencyKey = req.method === 'POST' ? req.headers['idempotency-key'] : undefined;
    if (typeof idempotencyKey === 'string') {
      if (!/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) return sendProblem(res, problem(400, 'Idempotency-Key must be 1 to 255 visible ASCII characters.'));
      const fingerprint = IdempotencyStore.fingerprint(req.method, req.originalUrl, body);
      let reservation = await this.idempotency.reserve(principal.sub, idempotencyKey, fingerprint);
      if (reservation.kind === 'in-progress') {
        // A retry waiting for its twin's answer sends nothing upstream: it gives its slot back meanwhile,
        // so a client retrying in a loop cannot crowd out everyone else's requests to that service.
        this.limiter.release(owner);
        slot.held = false;
        reservation = await this.idempotency.reserveOrWait(principal.sub, idempotencyKey, fingerprint, this.config.IDEMPOTENCY_WAIT_MS);
        if (reservation.kind === 'reserved') {
          // The twin failed and this retry takes the key over: it needs a slot like any request.
          if (!this.limiter.tryAcquire(owner)) {
            await this.idempotency.release(principal.sub, idempotencyKey);
            res.setHeader('retry-after', '1');
            return sendProblem(res, problem(503, 'The service is busy. Retry in a moment.'));
          }
          slot.held = true;
        }
      }
      if (reservation.kind === 'in-progress') {
        res.setHeader('retry-after', '1');
        return sendProblem(res, problem(409, 'A request with this Idempotency-Key is still being processed.'));
      }
      if (reservation.kind === 'mismatch') return sendProblem(res, problem(422, 'This Idempotency-Key was used with a different request.'));
      if (reservation.kind === 'replay') {
        res.status(reservation.response.status).setHeader('idempotent-replayed', 'true');
        res.type(reservation.response.contentType).send(reservation.response.body);
        return;
      }
      try {
        const upstream = await this.forward(req, owner, body, true);
        await this.idempotency.complete(principal.sub, idempotencyKey, { ...upstream, fingerprint });
        this.copyHeaders(upstream.headers, res);
        res.status(upstream.status).send(upstream.body);
      } catch (error) {
        await this.idempotency.release(principal.sub, idempotencyKey);
        throw error;
      }
      return;
    }
    await this.forward(req, owner, body, false, res);
  }

  private readBody(req: Request): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.config.BODY_LIMIT_BYTES) {
          req.removeAllListeners('data');
          req.resume();
          reject(new BodyTooLarge());
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  private copyHeaders(headers: IncomingHttpHeaders, res: Response): void {
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
    }
  }

  /** Buffers the answer when it must be stored (idempotency), otherwise streams it straight to `res`. */
  private forward(req: Request, owner: string, body: Buffer, buffer: true): Promise<{ status: number; headers: IncomingHttpHeaders; body: string; contentType: string }>;
  private forward(req: Request, owner: string, body: Buffer, buffer: false, res: Response): Promise<null>;
  private forward(req: Request, owner: string, body: Buffer, buffer: boolean, res?: Response): Promise<{ status: number; headers: IncomingHttpHeaders; body: string; contentType: string } | null> {
    const target = new URL(req.originalUrl, this.urls[owner]);
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    headers['content-length'] = String(body.length);
    headers['x-correlation-id'] = typeof req.headers['x-correlation-id'] === 'string' ? req.headers['x-correlation-id'] : randomUUID();
    // The trace starts here when the caller sent none; the proxied call is a client span of it.
    const incoming = requestContext.current()?.traceparent ?? (typeof req.headers['traceparent'] === 'string' ? req.headers['traceparent'] : undefined) ?? `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
    const { span, traceparent } = startSpan(`proxy ${req.method} ${owner}`, SpanKind.CLIENT, incoming, { 'http.request.method': req.method, 'tellonce.upstream': owner });
    headers['traceparent'] = traceparent ?? incoming;
    return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string; contentType: string } | null>((resolve, reject) => {
      const upstreamReq = httpRequest(target, { method: req.method, headers, timeout: this.config.UPSTREAM_TIMEOUT_MS }, (upstream) => {
        if (!buffer && res) {
          this.copyHeaders(upstream.headers, res);
          res.status(upstream.statusCode ?? 502);
          upstream.pipe(res);
          upstream.on('end', () => resolve(null));
          upstream.on('error', reject);
          return;
        }
        const chunks: Buffer[] = [];
        upstream.on('data', (c: Buffer) => chunks.push(c));
        upstream.on('end', () =>
          resolve({ status: upstream.statusCode ?? 502, headers: upstream.headers, body: Buffer.concat(chunks).toString('utf8'), contentType: upstream.headers['content-type'] ?? 'application/json' }),
        );
        upstream.on('error', reject);
      });
      upstreamReq.on('timeout', () => upstreamReq.destroy(new Error('upstream timeout')));
      upstreamReq.on('error', (error) => {
        if (res && !res.headersSent) {
          const timedOut = error.message === 'upstream timeout';
          sendProblem(res, problem(timedOut ? 504 : 503, timedOut ? 'The service took too long to answer.' : 'The service is not available right now.'));
          resolve(null);
          return;
        }
        reject(error);
      });
      upstreamReq.end(body);
    }).then(
      (result) => {
        endSpan(span, undefined, result?.status ?? res?.statusCode);
        return result;
      },
      (error) => {
        endSpan(span, error);
        throw error;
      },
    );
  }
}
