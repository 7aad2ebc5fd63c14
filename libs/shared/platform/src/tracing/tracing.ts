import { context, Span, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

let provider: NodeTracerProvider | null = null;

/**
 * OpenTelemetry tracing, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (OTLP over HTTP/JSON).
 * W3C `traceparent` is carried from the HTTP request into Kafka headers, through consumers and into
 * BullMQ jobs whether or not spans are exported, so one referral is one trace across services.
 */
export function startTracing(serviceName: string): void {
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || provider) return;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': `tellonce-${serviceName}`, 'service.namespace': 'tellonce' }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }), {
        scheduledDelayMillis: Number(process.env.OTEL_BSP_SCHEDULE_DELAY || 2000),
      }),
    ],
  });
  provider.register();
}

export async function stopTracing(): Promise<void> {
  await provider?.shutdown().catch(() => undefined);
  provider = null;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function parseTraceparent(header: string | undefined) {
  const match = header ? TRACEPARENT.exec(header) : null;
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return null;
  return { traceId: match[1], spanId: match[2], traceFlags: parseInt(match[3], 16) };
}

export function formatTraceparent(span: Span): string | undefined {
  const ctx = span.spanContext();
  if (!trace.isSpanContextValid(ctx)) return undefined;
  return `00-${ctx.traceId}-${ctx.spanId}-${(ctx.traceFlags & TraceFlags.SAMPLED ? 1 : 0).toString(16).padStart(2, '0')}`;
}

/**
 * Starts a span as a child of `traceparent` (when given). Without a registered provider the span
 * does not record, and formatTraceparent hands the parent's context on unchanged.
 */
export function startSpan(name: string, kind: SpanKind, traceparent: string | undefined, attributes: Record<string, string | number> = {}): { span: Span; traceparent: string | undefined } {
  const parent = parseTraceparent(traceparent);
  const parentContext = parent ? trace.setSpanContext(context.active(), { ...parent, isRemote: true }) : context.active();
  const span = trace.getTracer('tellonce').startSpan(name, { kind, attributes }, parentContext);
  return { span, traceparent: formatTraceparent(span) ?? (parent ? traceparent : undefined) };
}

export function endSpan(span: Span, error?: unknown, statusCode?: number): void {
  if (statusCode !== undefined) span.setAttribute('http.response.status_code', statusCode);
  if (error || (statusCode !== undefined && statusCode >= 500)) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : undefined });
  span.end();
}

export { SpanKind };
