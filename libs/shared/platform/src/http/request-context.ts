import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { endSpan, SpanKind, startSpan } from '../tracing/tracing';

/** Carried through a request or an event handler so events and logs share one correlation id. */
export interface RequestContext {
  correlationId: string;
  causationId?: string;
  traceparent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const incoming = req.headers['x-correlation-id'];
    const correlationId = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
    const incomingTrace = typeof req.headers['traceparent'] === 'string' ? req.headers['traceparent'] : undefined;
    const { span, traceparent } = startSpan(`${req.method} request`, SpanKind.SERVER, incomingTrace, { 'http.request.method': req.method });
    res.on('finish', () => {
      // The route pattern, never the raw URL: ids only, but query strings may carry names.
      if (req.route?.path) span.updateName(`${req.method} ${req.route.path}`);
      endSpan(span, undefined, res.statusCode);
    });
    res.setHeader('x-correlation-id', correlationId);
    storage.run({ correlationId, traceparent }, next);
  }
}

/**
 * Runs background work (a BullMQ job) as a span, child of the `traceparent` the job carries, inside a
 * request context, so events it stages and the logs it writes continue the trace that enqueued it.
 */
export async function runTraced<T>(name: string, traceparent: string | undefined, attributes: Record<string, string | number>, fn: () => Promise<T>): Promise<T> {
  const { span, traceparent: current } = startSpan(name, SpanKind.CONSUMER, traceparent, attributes);
  try {
    const result = await storage.run({ correlationId: randomUUID(), traceparent: current }, fn);
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}

/** The current trace context, to carry in job data. */
export function currentTraceparent(): string | undefined {
  return storage.getStore()?.traceparent;
}
