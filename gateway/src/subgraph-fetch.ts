import { Agent, request, STATUS_CODES, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { currentRequest } from '@caregraph/kit';
import { Kind, parse, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * The `fetcher` the gateway calls subgraphs with: a POST over node:http with kept-alive connections,
 * answering the part of the fetch Response that `RemoteGraphQLDataSource` reads (status, headers, json, text).
 * The default (make-fetch-happen) and Node's own fetch (undici, web streams) were each 13-24% of the
 * gateway's CPU in the benchmark's profiles, for plain JSON between processes on a private network.
 *
 * A connection must never be poisoned: every call has a connect and a response deadline, a socket that saw
 * an error or a refusal is destroyed rather than reused, idle sockets are dropped after 30 s (subgraphs keep
 * them 65 s, so the subgraph never closes one under a request), and a read that hits a reset on a reused
 * socket is sent once more on a fresh one. A subgraph that cannot be reached, times out or answers 502-504
 * is answered as a GraphQL response with SERVICE_UNAVAILABLE at each path it was asked for, so the gateway
 * returns the other subgraphs' data with those paths null.
 */
export const SUBGRAPH_CONNECT_TIMEOUT_MS = Number(process.env.SUBGRAPH_CONNECT_TIMEOUT_MS ?? 2_000);
export const SUBGRAPH_RESPONSE_TIMEOUT_MS = Number(process.env.SUBGRAPH_RESPONSE_TIMEOUT_MS ?? 30_000);
const IDLE_SOCKET_MS = 30_000;

const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' });

export interface SubgraphResponse {
  url: string;
  status: number;
  ok: boolean;
  statusText: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

interface Init { method?: string; headers?: Record<string, string>; body?: string }

class FetchFailure extends Error {
  constructor(readonly kind: 'refused' | 'connect_timeout' | 'timeout' | 'reset' | 'error', readonly reused: boolean) {
    super(`subgraph call failed: ${kind}`);
  }
}

export async function subgraphFetch(url: string, init: Init): Promise<SubgraphResponse> {
  const current = currentRequest();
  const metrics = current?.metrics;
  const subgraph = metrics?.subgraphName(url) ?? url;
  const headers: Record<string, string> = { ...init.headers };
  if (current) {
    headers['x-request-id'] ??= current.requestId;
    if (current.correlationId) headers['x-correlation-id'] = current.correlationId;
  }
  const started = performance.now();
  const observe = (outcome: string) => metrics?.subgraphFetchDuration.observe({ subgraph, outcome }, (performance.now() - started) / 1000);
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await send(url, { ...init, headers });
      if (response.status >= 502 && response.status <= 504) {
        metrics?.subgraphFetchErrors.inc({ subgraph, kind: `http_${response.status}` });
        observe('unavailable');
        return unavailable(url, init.body);
      }
      if (!response.ok) metrics?.subgraphFetchErrors.inc({ subgraph, kind: `http_${response.status}` });
      observe(response.ok ? 'ok' : `http_${response.status}`);
      return response;
    } catch (err) {
      const failure = err instanceof FetchFailure ? err : new FetchFailure('error', false);
      // A kept-alive socket the subgraph closed just as we wrote on it: the request never ran. Reads only;
      // a mutation might have run before the reset, so it is never sent twice.
      if (failure.kind === 'reset' && failure.reused && attempt === 0 && isReadOnly(init.body)) {
        metrics?.subgraphFetchRetries.inc({ subgraph });
        continue;
      }
      metrics?.subgraphFetchErrors.inc({ subgraph, kind: failure.kind });
      observe('unavailable');
      return unavailable(url, init.body);
    }
  }
}

function unavailable(url: string, body: string | undefined): SubgraphResponse {
  return responseOf(url, 200, 'OK', { 'content-type': 'application/json' }, JSON.stringify(unavailableBody(body)));
}

function send(url: string, init: Init): Promise<SubgraphResponse> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(init.body ?? '');
    let settled = false;
    const fail = (kind: FetchFailure['kind']) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      reject(new FetchFailure(kind, req.reusedSocket));
      req.destroy();
    };
    const req: ClientRequest = request(url, { method: init.method ?? 'POST', agent, headers: { ...init.headers, 'content-length': body.length } }, (res) => {
      const status = res.statusCode ?? 0;
      // A refusal or a server error may leave the connection in any state: never hand it to another request.
      if (status >= 500 || status === 408 || status === 413 || status === 431) req.shouldKeepAlive = false;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => fail('reset'));
      res.on('aborted', () => fail('reset'));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
        resolve(responseOf(url, status, res.statusMessage || STATUS_CODES[status] || '', res.headers, text));
      });
    });
    const deadline = setTimeout(() => fail('timeout'), SUBGRAPH_RESPONSE_TIMEOUT_MS);
    req.once('socket', (socket) => {
      if (!socket.connecting) return;
      const connectTimer = setTimeout(() => fail('connect_timeout'), SUBGRAPH_CONNECT_TIMEOUT_MS);
      socket.once('connect', () => clearTimeout(connectTimer));
      socket.once('close', () => clearTimeout(connectTimer));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const kind = err.code === 'ECONNREFUSED' ? 'refused' : err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 'reset' : 'error';
      fail(kind);
    });
    req.end(body);
  });
}

function responseOf(url: string, status: number, statusText: string, headers: IncomingHttpHeaders, text: string): SubgraphResponse {
  return {
    url,
    status,
    ok: status >= 200 && status < 300,
    statusText,
    headers: {
      get(name) {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: async () => text,
    json: async () => JSON.parse(text),
  };
}

const UNAVAILABLE = 'A service this request needs is unavailable; try again shortly';

/**
 * The subgraph's answer when it could not answer: no data, and SERVICE_UNAVAILABLE at each field it was asked
 * for. For `_entities` that is every selected field of every representation (`_entities.<i>.<field>`), which
 * the gateway maps onto the entities' paths in the client's response; for root fields, each root field.
 */
export function unavailableBody(requestBody: string | undefined): { data: null; errors: object[] } {
  const error = (path?: (string | number)[]) => ({ message: UNAVAILABLE, ...(path ? { path } : {}), extensions: { code: 'SERVICE_UNAVAILABLE' } });
  try {
    const { query, variables } = JSON.parse(requestBody ?? '') as { query: string; variables?: { representations?: unknown[] } };
    const document = parse(query);
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return { data: null, errors: [error()] };
    const roots = fieldsOf(operation.selectionSet, fragments);
    const entities = roots.get('_entities');
    const representations = variables?.representations;
    const errors: object[] = [];
    if (entities?.selectionSet && Array.isArray(representations)) {
      const keys = [...fieldsOf(entities.selectionSet, fragments).keys()];
      representations.forEach((_, i) => keys.forEach((key) => errors.push(error(['_entities', i, key]))));
    } else {
      for (const key of roots.keys()) errors.push(error([key]));
    }
    return { data: null, errors: errors.length ? errors : [error()] };
  } catch {
    return { data: null, errors: [error()] };
  }
}

/** Response keys (alias or name) of a selection set, through inline fragments and spreads; `__typename` left out. */
function fieldsOf(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, out = new Map<string, { selectionSet?: SelectionSetNode }>()) {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      const key = s.alias?.value ?? s.name.value;
      if (key !== '__typename' && !out.has(key)) out.set(key, { selectionSet: s.selectionSet });
    } else if (s.kind === Kind.INLINE_FRAGMENT) fieldsOf(s.selectionSet, fragments, out);
    else {
      const f = fragments.get(s.name.value);
      if (f) fieldsOf(f.selectionSet, fragments, out);
    }
  }
  return out;
}

/** Whether a subgraph request body holds only queries (safe to send again); parsed only when a retry is considered. */
export function isReadOnly(requestBody: string | undefined): boolean {
  try {
    const { query } = JSON.parse(requestBody ?? '') as { query: string };
    return parse(query).definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === 'query');
  } catch {
    return false;
  }
}
