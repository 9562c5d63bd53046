import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { postGraphQL } from '../helpers/http.js';
import { bearer, forwarded, principal } from '../helpers/identity.js';

/**
 * The hub's HTTP edge over real HTTP: the largest query the schema allows, refused bodies that must not
 * poison a kept-alive connection, request ids, Cache-Control, the JSON error shape of unknown routes,
 * CORS and /metrics on every service.
 */
const PORTAL = 'https://portal.example.org';
let hub: TestHub;
let dpo: Record<string, string>;
let gatewayBase: string;
beforeAll(async () => {
  process.env.CORS_ORIGINS = `${PORTAL}, https://other-portal.example.org`;
  hub = await startTestHub({ stories: 100 });
  delete process.env.CORS_ORIGINS;
  dpo = await bearer(principal('dpo'));
  gatewayBase = hub.gatewayUrl.replace(/\/graphql$/, '');
}, 180_000);
afterAll(async () => {
  await hub?.stop();
});

interface Raw { status: number; headers: IncomingHttpHeaders; body: string }

/** A POST on a given agent (so tests choose whether connections are kept and reused). */
function rawPost(url: string, body: Buffer | string, headers: Record<string, string>, agent: Agent): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const padded = (bytes: number) => JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(bytes) } });

describe('the largest request the schema allows', () => {
  test('children(first: 100) with chronology(first: 100) of each, as a DPO, answers', async () => {
    const r = await postGraphQL(
      hub.gatewayUrl,
      '{ children(first: 100) { edges { node { chronology(first: 100) { edges { node { title body } } } } } } }',
      {},
      dpo,
    );
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data?.children.edges).toHaveLength(100);
    expect(r.data?.children.edges.every((e: { node: { chronology: { edges: unknown[] } } }) => e.node.chronology.edges.length > 0)).toBe(true);
  }, 120_000);
});

describe('a refused body never poisons the connection', () => {
  test('gateway: 413 over 1 MB closes the connection; the next request on the same agent answers', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await rawPost(hub.gatewayUrl, padded(2_000_000), dpo, agent);
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      expect(JSON.parse(refused.body)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_USER_INPUT' } }] });
      const next = await rawPost(hub.gatewayUrl, JSON.stringify({ query: '{ children(first: 1) { edges { node { id } } } }' }), dpo, agent);
      expect(next.status).toBe(200);
      expect(JSON.parse(next.body).data.children.edges).toHaveLength(1);
    } finally {
      agent.destroy();
    }
  }, 20_000);

  test('subgraph: a body over its 16 MB limit is refused and closed; the next request on the same agent answers', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const identity = await forwarded(principal('dpo'));
    try {
      const refused = await rawPost(hub.subgraphs.education!.url, padded(17_000_000), identity, agent);
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      const next = await rawPost(hub.subgraphs.education!.url, JSON.stringify({ query: '{ _service { sdl } }' }), identity, agent);
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  }, 30_000);

  test('subgraph: an internal body of several MB (under 16 MB) is accepted', async () => {
    const r = await rawPost(hub.subgraphs.education!.url, padded(3_000_000), await forwarded(principal('dpo')), new Agent());
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).data).toEqual({ __typename: 'Query' });
  });
});

describe('request ids and caching', () => {
  test('the hub assigns its own request id, echoed in x-request-id, whatever the client sends', async () => {
    const res = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { ...dpo, 'content-type': 'application/json', 'x-request-id': 'client-chosen-id' },
      body: JSON.stringify({ query: '{ children(first: 1) { edges { node { id } } } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('every response says Cache-Control: no-store, JSON routes and errors included', async () => {
    for (const path of ['/health', '/ready', '/no-such-route']) {
      const res = await fetch(`${gatewayBase}${path}`);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const unauthenticated = await fetch(hub.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ me { id } }"}' });
    expect(unauthenticated.headers.get('cache-control')).toBe('no-store');
  });

  test('an unknown route answers 404 with the documented JSON error shape, on the gateway and a subgraph', async () => {
    for (const base of [gatewayBase, hub.subgraphs.health!.url.replace(/\/graphql$/, '')]) {
      const res = await fetch(`${base}/no-such-route`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'NOT_FOUND' } }] });
    }
  });
});

describe('CORS allow-list (CORS_ORIGINS)', () => {
  const preflight = (origin: string) =>
    fetch(hub.gatewayUrl, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

  test('a listed origin gets its preflight answered and may read responses', async () => {
    const pre = await preflight(PORTAL);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    const res = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { ...dpo, origin: PORTAL, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ children(first: 1) { edges { node { id } } } }' }),
    });
    expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
  });

  test('any other origin is allowed nothing', async () => {
    const pre = await preflight('https://evil.example.com');
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(`${gatewayBase}/health`, { headers: { origin: 'https://evil.example.com' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('/metrics on every service', () => {
  test('the gateway counts requests by operation and code, and times its subgraph calls', async () => {
    await postGraphQL(hub.gatewayUrl, 'query OpsMetricsProbe { children(first: 2) { edges { node { id placements { placementType } } } } }', {}, dpo);
    const res = await fetch(`${gatewayBase}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/caregraph_http_requests_total\{[^}]*operation="OpsMetricsProbe"[^}]*code="none"[^}]*\} 1/);
    expect(text).toMatch(/caregraph_http_request_duration_seconds_bucket\{[^}]*operation="OpsMetricsProbe"/);
    expect(text).toMatch(/caregraph_subgraph_fetch_duration_seconds_count\{[^}]*subgraph="children"[^}]*outcome="ok"/);
    expect(text).toMatch(/caregraph_subgraph_fetch_duration_seconds_count\{[^}]*subgraph="placements"[^}]*outcome="ok"/);
    expect(text).toContain('process_resident_memory_bytes');
  });

  test('an error code is a label: an unauthenticated request is counted under UNAUTHENTICATED', async () => {
    await postGraphQL(hub.gatewayUrl, 'query OpsNoToken { me { id } }');
    const text = await (await fetch(`${gatewayBase}/metrics`)).text();
    expect(text).toMatch(/caregraph_http_requests_total\{[^}]*operation="OpsNoToken"[^}]*status="401"[^}]*code="UNAUTHENTICATED"/);
  });

  test('each subgraph reports its requests, its database pool and its audit write failures', async () => {
    for (const name of ['children', 'placements', 'education', 'health']) {
      const res = await fetch(hub.subgraphs[name]!.url.replace(/\/graphql$/, '/metrics'));
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain(`service="${name}"`);
      expect(text).toMatch(/caregraph_db_pool_connections\{state="max"[^}]*\} [1-9]/);
      expect(text).toContain('caregraph_audit_write_failures_total');
      expect(text).toMatch(/caregraph_http_requests_total\{[^}]*route="POST \/graphql"/);
    }
  });
});
