import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import {
  getNamedType, isEnumType, isInputObjectType, isInterfaceType, isListType, isNonNullType, isObjectType,
  isScalarType, isUnionType, type GraphQLArgument, type GraphQLInputType, type GraphQLNamedType, type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { DEMO_LA } from '@caregraph/demo';
import { ERROR_CODES, isErrorCode, type Principal, type Role } from '@caregraph/schema';

/**
 * The fuzzer of the hub's edge, shared by `test/edge/fuzz.test.ts` (about 1,000 requests in `npm test`) and
 * `npm run fuzz -- --runs N` (this file's CLI). Requests are generated from the supergraph's API schema: real
 * root fields and arguments with wrong types, invalid dates, huge, unicode and NUL strings, unknown fields and
 * operations, subscriptions, GET and batched requests, malformed JSON and bodies of the wrong shape. Every
 * answer is judged against the contract: no HTTP 5xx, no INTERNAL_SERVER_ERROR, every error coded from
 * schema/src/errors.ts, and no generated string value in any error message.
 */

export type FuzzIdentity = { role: Role; childId?: string } | 'none' | 'garbage';

export interface FuzzRequest {
  kind: string;
  method: 'GET' | 'POST';
  /** For GET: the query string, from `?`. */
  search?: string;
  body?: string;
  headers: Record<string, string>;
  as: FuzzIdentity;
  /** Generated string values that no error message may contain. */
  echoes: string[];
}

export interface FuzzContext {
  schema: GraphQLSchema;
  /** Ids of real children, so that some requests reach resolvers and SQL. */
  childIds: string[];
}

export type Finding = 'http_5xx' | 'internal_server_error' | 'uncoded' | 'echoed' | 'no_answer';

// ---------------------------------------------------------------------------------------------------------
// Values

/** A value and how it is written as a GraphQL literal (undefined: it has none, e.g. an object key that is not a name). */
interface Value {
  json: unknown;
  literal: string | undefined;
}

type Gen = fc.GeneratorValue;

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const INVALID_DATES = ['2026-02-30', '2010-13-45', 'yesterday', '2026-2-3', '0000-00-00', '2025-02-29', '2026-01-01T00:00:00Z', ''];
const INVALID_DATETIMES = ['yesterday', '2026-02-30T10:00:00Z', '2026-01-01T25:00:00Z', '2026-01-01', '2026-01-01 10:00:00', 'T'];

/** A string that says where it came from, so an echo of any part of it can be recognised. */
function planted(g: Gen, echoes: string[]): string {
  const marker = `zq${g(fc.nat, { max: 0xffffff }).toString(36)}qz`;
  const shape = g(() => fc.constantFrom('plain', 'unicode', 'binary', 'huge', 'nul', 'quote', 'escape', 'newline'));
  const text = g(fc.string, { maxLength: 40, unit: shape === 'unicode' ? 'grapheme' : shape === 'binary' ? 'binary' : 'grapheme-ascii' });
  const body =
    shape === 'huge' ? text + 'x'.repeat(g(fc.integer, { min: 10_000, max: 300_000 }))
    : shape === 'nul' ? `${text}\0${text}`
    : shape === 'quote' ? `${text}"; Jane Doe; "${text}`
    : shape === 'escape' ? `${text}\\u0000\\"${text}`
    : shape === 'newline' ? `${text}\n\r\t${text}`
    : text;
  echoes.push(marker);
  return `${marker}${body}${marker}`;
}

function anyString(g: Gen, echoes: string[], ctx: FuzzContext): string {
  switch (g(fc.nat, { max: 9 })) {
    case 0: return g(() => fc.constantFrom(...INVALID_DATES));
    case 1: return ctx.childIds.length ? g(() => fc.constantFrom(...ctx.childIds)) : '00000000-0000-4000-8000-000000000000';
    case 2: return g(fc.uuid);
    case 3: return g(() => fc.constantFrom('', ' ', '"', '\\', 'null', '0', '-1'));
    default: return planted(g, echoes);
  }
}

/** Any JSON value at all: what a careless or hostile client sends where a typed value belongs. */
function anyJson(g: Gen, echoes: string[], ctx: FuzzContext, depth = 2): unknown {
  switch (g(fc.nat, { max: depth > 0 ? 7 : 5 })) {
    case 0: return null;
    case 1: return g(fc.boolean);
    case 2: return g(() => fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 1e300, 0.5, -0));
    case 3:
    case 4:
    case 5: return anyString(g, echoes, ctx);
    case 6: return Array.from({ length: g(fc.nat, { max: 3 }) }, () => anyJson(g, echoes, ctx, depth - 1));
    default: {
      const key = g(fc.boolean) ? g(() => fc.constantFrom('id', 'first', 'bornOnOrAfter', 'x')) : `${planted(g, echoes)} key`;
      return { [key]: anyJson(g, echoes, ctx, depth - 1) };
    }
  }
}

function literalOf(json: unknown, enumValue = false): string | undefined {
  if (json === null) return 'null';
  if (typeof json === 'string') return enumValue ? json : JSON.stringify(json);
  if (typeof json === 'number') return Number.isFinite(json) ? String(json) : undefined;
  if (typeof json === 'boolean') return String(json);
  if (Array.isArray(json)) {
    const items = json.map((item) => literalOf(item));
    return items.every((i) => i !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  if (typeof json === 'object') {
    const entries = Object.entries(json as Record<string, unknown>).map(([k, v]) => [k, literalOf(v)] as const);
    if (entries.some(([k, v]) => !NAME.test(k) || v === undefined)) return undefined;
    return `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
  }
  return undefined;
}

const plain = (json: unknown): Value => ({ json, literal: literalOf(json) });

/** A value for an input type: mostly right, often subtly wrong (dates, codes), sometimes of another type altogether. */
function inputValue(g: Gen, type: GraphQLInputType, echoes: string[], ctx: FuzzContext, sane: boolean, depth = 0): Value {
  if (!sane && g(fc.nat, { max: 9 }) === 0) return plain(anyJson(g, echoes, ctx));
  if (isNonNullType(type)) return inputValue(g, type.ofType, echoes, ctx, sane, depth);
  if (g(fc.nat, { max: 14 }) === 0) return plain(null);
  if (isListType(type)) {
    const items = Array.from({ length: g(fc.nat, { max: 3 }) }, () => inputValue(g, type.ofType, echoes, ctx, sane, depth + 1));
    const literal = items.every((i) => i.literal !== undefined) ? `[${items.map((i) => i.literal).join(', ')}]` : undefined;
    return { json: items.map((i) => i.json), literal };
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    const pick = sane ? 5 : g(fc.nat, { max: 5 });
    if (pick === 0) return { json: 'NOT_A_CODE', literal: 'NOT_A_CODE' };
    if (pick === 1) return plain(planted(g, echoes));
    const name = g(() => fc.constantFrom(...values));
    return { json: name, literal: pick === 2 ? JSON.stringify(name) : name };
  }
  if (isInputObjectType(type)) {
    if (depth > 3) return plain({});
    const out: Record<string, Value> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) ? sane || g(fc.nat, { max: 9 }) > 0 : g(fc.boolean)) out[field.name] = inputValue(g, field.type, echoes, ctx, sane, depth + 1);
    }
    // A key of the client's own is a value in JSON (never a name: the space keeps it out of literals, where it would be a name).
    if (!sane && g(fc.nat, { max: 7 }) === 0) out[g(fc.boolean) ? 'notAField' : `${planted(g, echoes)} key`] = plain(anyString(g, echoes, ctx));
    const json = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.json]));
    const literal = Object.entries(out).every(([k, v]) => NAME.test(k) && v.literal !== undefined)
      ? `{ ${Object.entries(out).map(([k, v]) => `${k}: ${v.literal}`).join(', ')} }`
      : undefined;
    return { json, literal };
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        if (sane) return plain(g(fc.integer, { min: 1, max: 100 }));
        return plain(g(() => fc.oneof(fc.integer({ min: -5, max: 150 }), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1e20, 1.5))));
      case 'Float':
        return plain(g(() => fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer())));
      case 'Boolean':
        return plain(g(fc.boolean));
      case 'ID':
        return plain((sane || g(fc.boolean)) && ctx.childIds.length ? g(() => fc.constantFrom(...ctx.childIds)) : anyString(g, echoes, ctx));
      case 'LocalDate':
        return plain(sane || g(fc.nat, { max: 2 }) === 0 ? g(() => fc.constantFrom('2015-06-01', '2008-02-29', '1990-12-31')) : g(fc.boolean) ? g(() => fc.constantFrom(...INVALID_DATES)) : planted(g, echoes));
      case 'DateTimeISO':
        return plain(sane || g(fc.nat, { max: 2 }) === 0 ? '2020-01-01T00:00:00Z' : g(fc.boolean) ? g(() => fc.constantFrom(...INVALID_DATETIMES)) : planted(g, echoes));
      default:
        return plain(sane ? planted(g, echoes) : anyString(g, echoes, ctx));
    }
  }
  return plain(anyJson(g, echoes, ctx));
}

// ---------------------------------------------------------------------------------------------------------
// Operations

interface Operation {
  text: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

/** Builds one operation against a root type; variables and literals share the argument generator. */
function operation(g: Gen, ctx: FuzzContext, echoes: string[]): Operation {
  const kind = g(() => fc.constantFrom('query', 'query', 'query', 'mutation')) as 'query' | 'mutation';
  // A third of the operations are well typed throughout (odd strings only), so they reach resolvers and SQL.
  const sane = g(fc.nat, { max: 2 }) === 0;
  const root = (kind === 'query' ? ctx.schema.getQueryType() : ctx.schema.getMutationType())!;
  const declarations: string[] = [];
  const variables: Record<string, unknown> = {};

  const args = (list: readonly GraphQLArgument[]): string => {
    const parts: string[] = [];
    for (const arg of list) {
      if (!(isNonNullType(arg.type) ? sane || g(fc.nat, { max: 9 }) > 0 : g(fc.nat, { max: 2 }) === 0)) continue;
      const value = inputValue(g, arg.type, echoes, ctx, sane);
      if (value.literal === undefined || g(fc.boolean)) {
        const name = `v${declarations.length}`;
        const declared = !sane && g(fc.nat, { max: 9 }) === 0 ? g(() => fc.constantFrom('String', 'Int', '[ID!]', 'LocalDate!', 'Boolean')) : arg.type.toString();
        declarations.push(`$${name}: ${declared}`);
        if (value.json !== undefined && (sane || g(fc.nat, { max: 19 }) > 0)) variables[name] = value.json;
        parts.push(`${arg.name}: $${name}`);
      } else {
        parts.push(`${arg.name}: ${value.literal}`);
      }
    }
    if (!sane && g(fc.nat, { max: 19 }) === 0) parts.push(`notAnArgument: ${JSON.stringify(planted(g, echoes))}`);
    return parts.length ? `(${parts.join(', ')})` : '';
  };

  const selection = (type: GraphQLNamedType, depth: number): string => {
    if (isUnionType(type) || isInterfaceType(type)) return '{ __typename }';
    if (!isObjectType(type)) return '';
    const fields = Object.values((type as GraphQLObjectType).getFields());
    const chosen = Array.from({ length: 1 + g(fc.nat, { max: 3 }) }, () => g(() => fc.constantFrom(...fields)));
    const parts = [...new Set(chosen)].map((f) => {
      const named = getNamedType(f.type);
      const alias = g(fc.nat, { max: 9 }) === 0 ? `a${g(fc.nat, { max: 99 })}: ` : '';
      const sub = isObjectType(named) || isUnionType(named) || isInterfaceType(named)
        ? depth > 0 ? ` ${selection(named, depth - 1)}` : ' { __typename }'
        : '';
      return `${alias}${f.name}${args(f.args)}${sub}`;
    });
    if (!sane && g(fc.nat, { max: 14 }) === 0) parts.push('notAField');
    if (g(fc.nat, { max: 3 }) === 0) parts.push('__typename');
    return `{ ${parts.join(' ')} }`;
  };

  const field = g(() => fc.constantFrom(...Object.values(root.getFields())));
  const named: GraphQLNamedType = getNamedType(field.type);
  const leaf = isScalarType(named) || isEnumType(named);
  const body = `${field.name}${args(field.args)}${leaf ? '' : ` ${selection(named, g(fc.nat, { max: 3 }))}`}`;
  const name = g(fc.nat, { max: 3 }) === 0 ? 'Fuzzed' : undefined;
  const header = `${kind}${name ? ` ${name}` : ''}${declarations.length ? `(${declarations.join(', ')})` : ''}`;
  const text = `${header} { ${body} }`;
  const operationName = name && g(fc.nat, { max: 3 }) === 0 ? (g(fc.boolean) ? name : planted(g, echoes)) : undefined;
  return { text, variables, operationName };
}

function identity(g: Gen, ctx: FuzzContext): FuzzIdentity {
  switch (g(fc.nat, { max: 19 })) {
    case 0: return 'none';
    case 1: return 'garbage';
    case 2: return { role: 'analyst' };
    case 3: return { role: 'care_leaver', childId: ctx.childIds[0] };
    case 4: return { role: 'social_worker' };
    case 5: return { role: 'partner_agency' };
    default: return { role: 'dpo' };
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** One request, of one of the kinds a client could send. */
export function fuzzRequests(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc.gen().map((g) => {
    const echoes: string[] = [];
    const as = identity(g, ctx);
    const kind = g(() => fc.constantFrom(...KINDS));
    const op = () => operation(g, ctx, echoes);
    const payload = (o: Operation) => ({ query: o.text, variables: o.variables, ...(o.operationName ? { operationName: o.operationName } : {}) });
    const post = (body: string, headers: Record<string, string> = JSON_HEADERS): FuzzRequest => ({ kind, method: 'POST', body, headers, as, echoes });
    switch (kind) {
      case 'get': {
        const o = op();
        const search = new URLSearchParams({ query: o.text, variables: JSON.stringify(o.variables), ...(o.operationName ? { operationName: o.operationName } : {}) });
        const headers: Record<string, string> = g(fc.nat, { max: 4 }) > 0 ? { 'apollo-require-preflight': 'true' } : {};
        return { kind, method: 'GET', search: `?${search}`, headers, as, echoes };
      }
      case 'batch':
        return post(JSON.stringify(Array.from({ length: 1 + g(fc.nat, { max: 2 }) }, () => payload(op()))));
      case 'malformed-json': {
        const text = JSON.stringify(payload(op()));
        return post(g(fc.boolean) ? text.slice(0, g(fc.nat, { max: Math.max(0, text.length - 2) })) : `{"query": "{ __typename }", ${planted(g, echoes)}}`);
      }
      case 'wrong-shape': {
        const shapes: unknown[] = [
          null, 5, planted(g, echoes), [], {}, { query: 5 }, { query: '{ __typename }', variables: planted(g, echoes) },
          { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: planted(g, echoes) } } },
          { extensions: { persistedQuery: { version: 1, sha256Hash: 'ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38' } } },
          { query: '{ __typename }', operationName: planted(g, echoes) }, { query: '{ __typename }', extensions: planted(g, echoes) },
        ];
        return post(JSON.stringify(g(() => fc.constantFrom(...shapes))));
      }
      case 'syntax': {
        const o = op();
        const cut = g(fc.nat, { max: o.text.length });
        const text = g(fc.boolean) ? `${o.text.slice(0, cut)} ${JSON.stringify(planted(g, echoes))} ${o.text.slice(cut)}` : o.text.slice(0, cut);
        return post(JSON.stringify({ query: text, variables: o.variables }));
      }
      case 'several-operations': {
        const a = op();
        const b = op();
        const name = (t: string, n: string) => t.replace(/^(query|mutation)( Fuzzed)?/, `$1 ${n}`);
        const operationName = g(() => fc.constantFrom(undefined, 'A', 'B', planted(g, echoes)));
        return post(JSON.stringify({ query: `${name(a.text, 'A')} ${name(b.text, 'B')}`, variables: { ...a.variables }, ...(operationName ? { operationName } : {}) }));
      }
      case 'subscription':
        return post(JSON.stringify({ query: `subscription { ${g(() => fc.constantFrom('children', 'me', 'child(id: "x")'))} { __typename } }` }));
      case 'content-type':
        return post(JSON.stringify(payload(op())), { 'content-type': g(() => fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/graphql', 'application/json; charset=latin1')) });
      default:
        return post(JSON.stringify(payload(op())));
    }
  });
}

const KINDS = [
  ...Array<string>(12).fill('operation'), 'get', 'get', 'batch', 'malformed-json', 'wrong-shape', 'wrong-shape', 'syntax', 'syntax',
  'several-operations', 'subscription', 'content-type',
];

// ---------------------------------------------------------------------------------------------------------
// Sending and judging

export interface FuzzAnswer {
  status: number;
  text: string;
}

/** Sends a generated request; `bearer` turns an identity into an Authorization header. */
export async function sendFuzz(url: string, req: FuzzRequest, bearer: (p: Principal) => Promise<string>): Promise<FuzzAnswer> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.as === 'garbage') headers.authorization = 'Bearer not.a.jwt';
  else if (req.as !== 'none') headers.authorization = `Bearer ${await bearer({ sub: `fuzz-${req.as.role}`, role: req.as.role, la: DEMO_LA, ...(req.as.childId ? { childId: req.as.childId } : {}) } as Principal)}`;
  try {
    const res = await fetch(url + (req.search ?? ''), { method: req.method, headers, body: req.body, signal: AbortSignal.timeout(30_000) });
    return { status: res.status, text: await res.text() };
  } catch {
    return { status: 0, text: '' };
  }
}

/** What is wrong with an answer, by the contract (README "Errors", issue 10). */
export function judge(req: FuzzRequest, answer: FuzzAnswer): Finding[] {
  if (answer.status === 0) return ['no_answer'];
  const findings = new Set<Finding>();
  if (answer.status >= 500) findings.add('http_5xx');
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    findings.add('uncoded');
    return [...findings];
  }
  const results = Array.isArray(body) ? body : [body];
  for (const result of results) {
    const errors = (result as { errors?: unknown })?.errors;
    if (answer.status >= 400 && !Array.isArray(errors)) findings.add('uncoded');
    for (const error of Array.isArray(errors) ? errors : []) {
      const { message, extensions } = (error ?? {}) as { message?: unknown; extensions?: { code?: unknown } };
      if (!isErrorCode(extensions?.code)) findings.add('uncoded');
      else if (extensions.code === 'INTERNAL_SERVER_ERROR') findings.add('internal_server_error');
      if (typeof message === 'string' && req.echoes.some((e) => message.includes(e))) findings.add('echoed');
    }
  }
  return [...findings];
}

export const CONTRACT_CODES = Object.keys(ERROR_CODES);

// ---------------------------------------------------------------------------------------------------------
// reliability/RESULTS.md

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS_PATH = join(ROOT, 'reliability', 'RESULTS.md');

/** Replaces this script's section of reliability/RESULTS.md (other scripts write their own sections). */
export function writeResultsSection(section: string, markdown: string, path = RESULTS_PATH): void {
  mkdirSync(dirname(path), { recursive: true });
  const start = `<!-- ${section}:start -->`;
  const end = `<!-- ${section}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Reliability results\n\nWritten by the scripts that measure them; each owns one section.\n';
  const at = current.indexOf(start);
  const next = at >= 0 && current.indexOf(end, at) >= 0
    ? current.slice(0, at) + block + current.slice(current.indexOf(end, at) + end.length)
    : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}

// ---------------------------------------------------------------------------------------------------------
// A hub of its own, in this process (as the tests start it)

export interface FuzzHub {
  gatewayUrl: string;
  bearer(p: Principal): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Embedded PostgreSQL in a temporary folder, the four subgraphs and the gateway in this process (production
 * settings, policy enforced), seeded with `stories` demo children, and a key pair of its own for tokens.
 */
export async function startFuzzHub(opts: { stories: number; processes?: boolean }): Promise<FuzzHub> {
  const { createSubgraph } = await import('@caregraph/kit');
  const { SUBGRAPH_DEFINITIONS } = await import('./subgraphs.js');
  const { identityEnv, signToken } = await import('./keys.js');
  const { startScratchDatabase } = await import('./scratch-hub.js');
  const scratch = await startScratchDatabase('reliability', opts.stories);
  const { keys, stops, stop } = scratch;
  const db = { url: scratch.serviceUrl };
  try {
    const env = identityEnv(keys);
    let gatewayUrl: string;
    if (opts.processes) {
      // Separate processes, as `npm start` runs them: a measuring client must not share the gateway's event loop.
      const { startHubProcesses } = await import('./hub.js');
      const { freePort } = await import('./embedded-postgres.js');
      const ports = Object.fromEntries(await Promise.all(SUBGRAPH_DEFINITIONS.map(async (d) => [d.name, await freePort()]))) as never;
      const hub = await startHubProcesses({ databaseUrl: db.url, gatewayPort: await freePort(), subgraphPorts: ports, logLevel: 'silent', stdio: 'ignore', env: { ...env, NODE_ENV: 'production' } });
      stops.push(() => hub.stop());
      gatewayUrl = hub.gatewayUrl;
    } else {
      const { createGateway, loadGatewayConfig } = await import('@caregraph/gateway');
      const { readSupergraph } = await import('@caregraph/schema');
      const urls: Record<string, string> = {};
      // The children subgraph calls the others for the chronology: their addresses, filled in as they start.
      const peers: Record<string, string> = {};
      for (const def of SUBGRAPH_DEFINITIONS) {
        const sg = await createSubgraph(def, { databaseUrl: db.url, identitySecret: env.HUB_INTERNAL_SECRET!, logLevel: 'silent', peers });
        stops.push(async () => (await sg.server.stop(), await sg.orm.close(true)));
        urls[`${def.name.toUpperCase()}_URL`] = peers[def.name] = `http://127.0.0.1:${await sg.server.listen(0)}/graphql`;
      }
      const gateway = await createGateway(loadGatewayConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', ...env, ...urls }), readSupergraph());
      stops.push(() => gateway.stop());
      gatewayUrl = `http://127.0.0.1:${await gateway.listen(0)}/graphql`;
    }
    return { gatewayUrl, bearer: (p) => signToken(keys.privateKeyPem, p, 3600), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Ids of some real children, read as the DPO. */
export async function childIdsOf(url: string, token: string): Promise<string[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ children(first: 10) { edges { node { id } } } }' }),
  });
  const body = (await res.json()) as { data?: { children?: { edges: { node: { id: string } }[] } } };
  return body.data?.children?.edges.map((e) => e.node.id) ?? [];
}

// ---------------------------------------------------------------------------------------------------------
// CLI: npm run fuzz -- --runs N [--seed S] [--url http://host:4000/graphql --token <DPO JWT>]

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } } });
  const runs = Number(values.runs ?? 1000);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive whole number');
  const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
  if (values.url && !values.token) throw new Error('--url needs --token (a DPO token: npm run -s token -- --role dpo)');
  const { apiSchema, readSupergraph } = await import('@caregraph/schema');
  const hub = values.url
    ? { gatewayUrl: values.url, bearer: async () => values.token!, stop: async () => undefined }
    : (console.log('Starting a hub of its own (embedded PostgreSQL, 4 subgraphs, gateway)...'), await startFuzzHub({ stories: 5 }));
  const stopOnSignal = () => void hub.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const tally: Record<Finding, number> = { http_5xx: 0, internal_server_error: 0, uncoded: 0, echoed: 0, no_answer: 0 };
  const byKind: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  const examples: string[] = [];
  const started = Date.now();
  try {
    const ctx: FuzzContext = { schema: apiSchema(readSupergraph()), childIds: await childIdsOf(hub.gatewayUrl, await hub.bearer({ sub: 'fuzz-dpo', role: 'dpo', la: DEMO_LA } as Principal)) };
    // fast-check generates one request at a time here (a sample of 20,000 up front would hold gigabytes of huge
    // strings); the property never fails, so every run is made and tallied, and the seed replays them.
    let sent = 0;
    await fc.check(
      fc.asyncProperty(fuzzRequests(ctx), async (req) => {
        const answer = await sendFuzz(hub.gatewayUrl, req, hub.bearer);
        byKind[req.kind] = (byKind[req.kind] ?? 0) + 1;
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        const findings = judge(req, answer);
        for (const f of findings) tally[f]++;
        if (findings.length && examples.length < 10) examples.push(`${findings.join(',')} ${req.kind} ${answer.status} ${answer.text.slice(0, 300)}`);
        if (++sent % 1000 === 0) console.log(`${sent}/${runs} requests, findings so far: ${JSON.stringify(tally)}`);
        return true;
      }),
      { numRuns: runs, seed },
    );
  } finally {
    await hub.stop();
  }
  const seconds = (Date.now() - started) / 1000;
  const passed = Object.values(tally).every((n) => n === 0);
  writeResultsSection('fuzz', `## Fuzz: \`npm run fuzz -- --runs ${runs}\`

${new Date().toISOString()}, seed ${seed}, ${values.url ? 'against a running hub' : 'a hub of its own (5 demo children, production settings)'}, ${seconds.toFixed(0)} s.
Requests generated from the supergraph (scripts/src/fuzz.ts): wrong types, invalid dates, huge, unicode and NUL
strings, unknown fields and operations, subscriptions, GET and batched requests, malformed JSON, bodies of
the wrong shape and content type, six identities (no token, a malformed one, four roles).

| figure | count | target |
|---|---:|---:|
| requests | ${runs} | |
| HTTP 5xx | ${tally.http_5xx} | 0 |
| INTERNAL_SERVER_ERROR | ${tally.internal_server_error} | 0 |
| uncoded errors (no code from schema/src/errors.ts, or a non-JSON error answer) | ${tally.uncoded} | 0 |
| echoed values (a generated string in an error message) | ${tally.echoed} | 0 |
| no answer (connection failed or 30 s timeout) | ${tally.no_answer} | 0 |

Requests by kind: ${Object.entries(byKind).sort().map(([k, n]) => `${k} ${n}`).join(', ')}.
Answers by HTTP status: ${Object.entries(statuses).sort().map(([k, n]) => `${k}: ${n}`).join(', ')}.
${passed ? 'Every figure is on target.' : `Not on target; first findings:\n\n${examples.map((e) => `    ${e}`).join('\n')}`}
`);
  console.log(`${runs} requests in ${seconds.toFixed(0)} s: ${JSON.stringify(tally)}; written to reliability/RESULTS.md`);
  if (!passed) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(`fuzz failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
