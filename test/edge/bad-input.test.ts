import { ERROR_CODES } from '@caregraph/schema';
import { SubgraphSource } from '../../gateway/src/subgraph-source.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { bearer, principal } from '../helpers/identity.js';
import { codes, type GraphQLResponse } from '../helpers/http.js';

/**
 * Bad input through the real gateway and subgraphs, as an integrator or an attacker would send it: every
 * refusal is coded BAD_USER_INPUT (HTTP 400 where the request cannot run at all), and no message quotes what
 * was sent. Expected codes and statuses are the contract's (README "Errors", GraphQL-over-HTTP).
 */
let hub: TestHub;
let auth: Record<string, string>;
beforeAll(async () => {
  hub = await startTestHub({ stories: 3 });
  auth = await bearer(principal('dpo'));
}, 120_000);
afterAll(() => hub.stop());

/** A raw HTTP exchange with the gateway: any method, body and headers. */
async function send(body: string | undefined, opts: { method?: string; search?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(hub.gatewayUrl + (opts.search ?? ''), {
    method: opts.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...auth, ...opts.headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, ...(JSON.parse(text) as Omit<GraphQLResponse, 'status'>) };
}

const post = (payload: unknown) => send(JSON.stringify(payload));
const requests = () => Object.values(hub.subgraphs).reduce((n, sg) => n + sg.requests.count, 0);

/** The answer to a request that must not run: 400, one or more BAD_USER_INPUT, no subgraph asked, nothing echoed. */
async function expectRefused(run: () => Promise<{ status: number; text: string } & Omit<GraphQLResponse, 'status'>>, echoes: string[] = []) {
  const before = requests();
  const r = await run();
  expect(r.status).toBe(400);
  expect(codes({ ...r, status: r.status }).length).toBeGreaterThan(0);
  expect(new Set(codes({ ...r, status: r.status }))).toEqual(new Set(['BAD_USER_INPUT']));
  for (const value of echoes) expect(r.text).not.toContain(value);
  expect(requests()).toBe(before);
  return r;
}

const CHILDREN_BORN = (arg: string) => `{ children(first: 1, filter: { bornOnOrAfter: ${arg} }) { edges { node { id } } } }`;

describe('invalid LocalDate and DateTimeISO values, wherever they appear', () => {
  const invalid = ['2026-02-30', '2010-13-45', 'yesterday'];

  it.each(invalid)('refuses %s as an argument literal inside an input object', async (date) => {
    await expectRefused(() => post({ query: CHILDREN_BORN(JSON.stringify(date)) }), [date]);
  });

  it.each(invalid)('refuses %s as a variable', async (date) => {
    await expectRefused(
      () => post({ query: 'query($d: LocalDate) { children(first: 1, filter: { bornOnOrAfter: $d }) { edges { node { id } } } }', variables: { d: date } }),
      [date],
    );
  });

  it.each(invalid)('refuses %s as a field of an input object variable', async (date) => {
    await expectRefused(
      () => post({ query: 'query($f: ChildFilter) { children(first: 1, filter: $f) { edges { node { id } } } }', variables: { f: { bornOnOrBefore: date } } }),
      [date],
    );
  });

  it.each(invalid)('refuses %s as an argument of a nested field (chronology)', async (date) => {
    await expectRefused(() => post({ query: `{ children(first: 1) { edges { node { chronology(from: ${JSON.stringify(date)}) { edges { node { date } } } } } } }` }), [date]);
  });

  it.each(['yesterday', '2026-02-30T10:00:00Z', '2026-01-01T25:00:00Z'])('refuses DateTimeISO %s as a literal and as a variable', async (at) => {
    await expectRefused(() => post({ query: `{ accessEvents(from: ${JSON.stringify(at)}) { __typename } }` }), [at]);
    await expectRefused(() => post({ query: 'query($at: DateTimeISO) { accessEvents(from: $at) { __typename } }', variables: { at } }), [at]);
  });

  it('refuses an invalid date in a mutation input before anything is written', async () => {
    await expectRefused(
      () =>
        post({
          query: `mutation { recordChild(input: { laChildId: "X1", legalGivenName: "Ann", legalFamilyName: "Example", dateOfBirth: "2026-02-30",
            sex: F, ethnicity: WBRI, socialWorker: { workerId: "sw-001", workerName: "W" } }) { id } }`,
        }),
      ['2026-02-30'],
    );
  });

  it('still answers valid dates', async () => {
    const r = await post({ query: 'query($d: LocalDate) { children(first: 1, filter: { bornOnOrAfter: $d }) { edges { node { id } } } }', variables: { d: '1990-01-01' } });
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    const at = await post({ query: '{ accessEvents(from: "2020-01-01T00:00:00Z", first: 1) { __typename } }' });
    expect(at.status).toBe(200);
    expect(at.errors).toBeUndefined();
  });
});

describe('operations that cannot run', () => {
  it('refuses an operationName that names no operation, without quoting it', async () => {
    await expectRefused(() => post({ query: 'query A { __typename }', operationName: 'Jane Doe 1980' }), ['Jane Doe 1980']);
  });

  it('refuses several operations without an operationName', async () => {
    await expectRefused(() => post({ query: 'query A { __typename } query B { __typename }' }));
  });

  it('refuses a subscription (the hub has none)', async () => {
    await expectRefused(() => post({ query: 'subscription { children { edges { node { id } } } }' }));
  });

  it('refuses a mutation over GET (405) and batched requests', async () => {
    const get = await send(undefined, { method: 'GET', search: `?query=${encodeURIComponent('mutation { __typename }')}`, headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(405);
    expect(codes({ ...get, status: 405 })).toEqual(['BAD_USER_INPUT']);
    await expectRefused(() => post([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
  });

  it('answers a query over GET', async () => {
    const r = await send(undefined, { method: 'GET', search: `?query=${encodeURIComponent('{ children(first: 1) { edges { node { id } } } }')}`, headers: { 'apollo-require-preflight': 'true' } });
    expect(r.status).toBe(200);
    expect(r.data?.children.edges).toHaveLength(1);
  });

  it('answers a persisted-query extension with PersistedQueryNotSupported (APQ is off), so Apollo Client resends the full query', async () => {
    const r = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38' } } });
    expect(codes({ ...r, status: r.status })).toEqual(['BAD_USER_INPUT']);
    expect(r.errors?.[0]?.message).toBe('PersistedQueryNotSupported');
  });
});

describe('malformed bodies', () => {
  it('answers a variable nested 100,000 levels deep without a stack overflow', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const r = await send(`{"query": "query($x: [String]) { __typename }", "variables": {"x": ${deep}}}`);
    expect(r.status).toBe(400);
    expect(new Set(codes({ ...r, status: r.status }))).toEqual(new Set(['BAD_USER_INPUT']));
  });

  it.each([
    ['not JSON', '{"query": "{ __typename }"'],
    ['JSON null', 'null'],
    ['a JSON string', '"{ __typename }"'],
    ['a number for the query', '{"query": 5}'],
    ['a string for the variables', '{"query": "{ __typename }", "variables": "Jane"}'],
    ['an empty object', '{}'],
  ])('refuses %s', async (_, body) => {
    await expectRefused(() => send(body), ['Jane']);
  });
});

describe('NUL characters never reach SQL', () => {
  const sqlRun = () => Object.values(hub.sqlCounts()).reduce((a, b) => a + b, 0);

  it.each([
    ['an escaped string literal', { query: '{ child(id: "a\\u0000b") { id } }' }],
    ['a block string literal', { query: '{ child(id: """a\u0000b""") { id } }' }],
    ['a variable', { query: 'query($id: ID!) { child(id: $id) { id } }', variables: { id: 'x\u0000y' } }],
    ['a field of an input object variable', { query: 'query($f: ChildFilter) { children(first: 1, filter: $f) { edges { node { id } } } }', variables: { f: { bornOnOrAfter: '2000-01-01\u0000' } } }],
    ['an unused variable', { query: '{ __typename }', variables: { x: ['\u0000'] } }],
  ])('refuses NUL in %s', async (_, payload) => {
    hub.resetSql();
    await expectRefused(() => post(payload));
    expect(sqlRun()).toBe(0);
  });
});

describe('no error message quotes a client value', () => {
  it('syntax errors do not quote the string literal sent', async () => {
    await expectRefused(() => post({ query: '{ child "Jane Doe, 12 Acacia Avenue" }' }), ['Jane Doe', 'Acacia']);
    await expectRefused(() => post({ query: '{ child(id: "Jane Doe) { id } }' }), ['Jane Doe']);
  });

  it('a value containing "; " does not slip through', async () => {
    const value = 'x"; Jane Doe; "';
    await expectRefused(() => post({ query: 'query($n: Int) { children(first: $n) { edges { node { id } } } }', variables: { n: value } }), ['Jane Doe']);
    await expectRefused(() => post({ query: `{ children(first: ${JSON.stringify(value)}) { edges { node { id } } } }` }), ['Jane Doe']);
    await expectRefused(() => post({ query: 'query($f: ChildFilter) { children(first: 1, filter: $f) { edges { node { id } } } }', variables: { f: { 'Jane Doe"; x': 1 } } }), ['Jane Doe']);
  });

  it('a subgraph refusing a value (an id that is not one) answers BAD_USER_INPUT without the value', async () => {
    const r = await post({ query: 'query($id: ID!) { child(id: $id) { id } }', variables: { id: 'Jane Doe' } });
    expect(codes({ ...r, status: r.status })).toEqual(['BAD_USER_INPUT']);
    expect(r.text).not.toContain('Jane Doe');
  });
});

describe("a subgraph's coded refusal reaches the client as what it is", () => {
  const response = (status: number, body: unknown) => ({
    url: 'http://10.0.0.7:4001/graphql',
    status,
    ok: false,
    statusText: 'Bad Request',
    headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
    json: async () => body,
    text: async () => JSON.stringify(body),
  });
  const source = new SubgraphSource({ url: 'http://10.0.0.7:4001/graphql' });

  it('keeps the code of a 400 from the subgraph (default: an uncoded "400: Bad Request")', async () => {
    const error = await source.errorFromResponse(response(400, { errors: [{ message: 'Invalid value for type "LocalDate"', extensions: { code: 'BAD_USER_INPUT' } }] }) as never);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('Invalid value for type "LocalDate"');
  });

  it('leaves an uncoded refusal to the default (then INTERNAL_SERVER_ERROR at the client)', async () => {
    const error = await source.errorFromResponse(response(502, 'bad gateway') as never);
    expect(Object.keys(ERROR_CODES)).not.toContain(error.extensions.code);
  });
});
