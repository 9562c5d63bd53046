import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

const tracer = trace.getTracer('caregraph');

export interface Tracing {
  /** Sends the spans still buffered (called on SIGTERM, after the server has drained). */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry traces, only when an exporter is configured by the standard variables
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, OTLP over HTTP/JSON, headers from
 * `OTEL_EXPORTER_OTLP_HEADERS`); `OTEL_SDK_DISABLED=true` turns them off. Registers the process-wide tracer
 * provider with W3C trace-context propagation, so the gateway's spans (Apollo Gateway emits its own: request,
 * plan, fetch) and each subgraph's server span join one trace. Spans carry routes, operation names, status
 * and error codes, never variables, documents or any personal data.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Tracing | null {
  if (env.OTEL_SDK_DISABLED === 'true') return null;
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return null;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? `caregraph-${service}` }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

/**
 * The server span of one HTTP request, child of the caller's span when it sent `traceparent`. Named by its
 * route pattern when it ends (a path may hold ids).
 */
export function startServerSpan(req: IncomingMessage): { span: Span; context: Context } {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(req.method ?? 'GET', { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET' } }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Ends a server span with what the access log also records (no personal data). */
export function endServerSpan(span: Span, outcome: { route: string; status: number; operation?: string; codes: string[]; requestId: string }): void {
  span.updateName(outcome.route);
  span.setAttributes({
    'http.route': outcome.route,
    'http.response.status_code': outcome.status,
    'caregraph.request_id': outcome.requestId,
    ...(outcome.operation ? { 'graphql.operation.name': outcome.operation } : {}),
    ...(outcome.codes.length ? { 'caregraph.error_codes': outcome.codes } : {}),
  });
  if (outcome.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** Adds the active span's `traceparent` to an outgoing call's headers (the gateway's subgraph fetches). */
export function injectTraceHeaders(set: (name: string, value: string) => void): void {
  const carrier: IncomingHttpHeaders = {};
  propagation.inject(context.active(), carrier);
  for (const [name, value] of Object.entries(carrier)) if (typeof value === 'string') set(name, value);
}
