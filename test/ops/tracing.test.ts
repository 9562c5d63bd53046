import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HubProcesses } from '../../scripts/src/hub.js';
import { bearer, principal } from '../helpers/identity.js';
import { startProcessHub } from '../helpers/processes.js';

/**
 * Issue 10, "OpenTelemetry traces when an exporter is configured": the hub as `npm start` runs it (five
 * processes), with the standard OTLP variables pointing at a collector on 127.0.0.1. One combined view is one
 * trace: the gateway's server span, Apollo Gateway's own spans, and under its fetch spans the server span of
 * each subgraph it called. Spans carry no personal data (names, ids and variables of the query are looked for).
 */
interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: { key: string; value: Record<string, unknown> }[] }
interface Received { service: string; span: OtlpSpan }

const received: Received[] = [];
let collector: Server;
let hub: HubProcesses;

beforeAll(async () => {
  collector = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const payload = JSON.parse(body) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
      for (const rs of payload.resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const ss of rs.scopeSpans) for (const span of ss.spans) received.push({ service, span });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  hub = await startProcessHub({
    stories: 3,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`, OTEL_BSP_SCHEDULE_DELAY: '100' },
  });
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  collector?.close();
});

const attribute = (span: OtlpSpan, key: string) => span.attributes?.find((a) => a.key === key)?.value;

it('one combined view is one trace across the gateway and the subgraphs it called, with no personal data', async () => {
  const query = `query CombinedView { children(first: 3) { edges { node { id legalGivenName placements { startDate } schoolEnrolments { urn } healthAssessments { dueOn } } } } }`;
  const res = await fetch(hub.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearer(principal('dpo'))) },
    body: JSON.stringify({ query }),
  });
  const r = (await res.json()) as { data?: unknown; errors?: unknown };
  expect(r.errors).toBeUndefined();
  const requestId = res.headers.get('x-request-id');
  // The batch processors export every 100 ms; wait for the gateway's and the four subgraphs' server spans.
  const serverSpans = () => received.filter((s) => s.span.kind === 2 && attribute(s.span, 'caregraph.request_id')?.stringValue === requestId);
  for (let i = 0; i < 100 && new Set(serverSpans().map((s) => s.service)).size < 5; i++) await new Promise((res) => setTimeout(res, 100));

  const servers = serverSpans();
  expect(servers.map((s) => s.service).sort()).toEqual(['caregraph-children', 'caregraph-education', 'caregraph-gateway', 'caregraph-health', 'caregraph-placements']);
  const gateway = servers.find((s) => s.service === 'caregraph-gateway')!.span;
  expect(gateway.name).toBe('POST /graphql');
  expect(attribute(gateway, 'graphql.operation.name')).toEqual({ stringValue: 'CombinedView' });
  expect(attribute(gateway, 'http.response.status_code')).toEqual({ intValue: 200 });
  const trace = received.filter((s) => s.span.traceId === gateway.traceId);
  // Apollo Gateway's own spans are in the same trace, and each subgraph's server span hangs under one of its fetches.
  const fetches = trace.filter((s) => s.span.name === 'gateway.fetch').map((s) => s.span.spanId);
  expect(fetches.length).toBeGreaterThanOrEqual(4);
  for (const s of servers.filter((x) => x.service !== 'caregraph-gateway')) {
    expect(s.span.traceId).toBe(gateway.traceId);
    expect(fetches).toContain(s.span.parentSpanId);
  }
  // Nothing of the record in any span: no child's id or name, no query text.
  const child = (r.data as { children: { edges: { node: { id: string; legalGivenName: string } }[] } }).children.edges[0]!.node;
  const text = JSON.stringify(trace);
  expect(text).not.toContain(child.id);
  expect(text).not.toContain(child.legalGivenName);
  expect(text).not.toContain('legalGivenName');
}, 60_000);

it('a chronology is one trace too: the subgraphs the children subgraph calls directly hang under its span', async () => {
  const dpo = await bearer(principal('dpo'));
  const post = (query: string) => fetch(hub.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...dpo }, body: JSON.stringify({ query }) });
  const first = (await (await post(`{ children(first: 1) { edges { node { id } } } }`)).json()) as { data: { children: { edges: { node: { id: string } }[] } } };
  const id = first.data.children.edges[0]!.node.id;
  const res = await post(`query Chronology { child(id: "${id}") { chronology(first: 5) { edges { node { kind } } } } }`);
  expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
  const requestId = res.headers.get('x-request-id');
  const spansOf = () => received.filter((s) => s.span.kind === 2 && attribute(s.span, 'caregraph.request_id')?.stringValue === requestId);
  // The gateway's span, the children subgraph's, and one for each of the three subgraphs it calls.
  for (let i = 0; i < 100 && spansOf().length < 5; i++) await new Promise((r) => setTimeout(r, 100));
  const spans = spansOf();
  const children = spans.find((s) => s.service === 'caregraph-children')!.span;
  const called = spans.filter((s) => ['caregraph-placements', 'caregraph-education', 'caregraph-health'].includes(s.service));
  expect(called.map((s) => s.service).sort()).toEqual(['caregraph-education', 'caregraph-health', 'caregraph-placements']);
  for (const s of called) {
    expect(s.span.traceId).toBe(children.traceId);
    expect(s.span.parentSpanId).toBe(children.spanId);
  }
}, 60_000);
