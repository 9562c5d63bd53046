import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { context } from '@opentelemetry/api';
import { errorCodesOf, logAccess, operationNameOf } from './access-log.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';
import { endServerSpan, startServerSpan } from './tracing.js';

/** `params` holds the `:name` segments of a pattern route (`GET /items/:id/file`), undecoded. */
export type Route = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => void | Promise<void>;

/** What clients may send to the gateway: every documented query is a few KB. */
export const PUBLIC_MAX_BODY_BYTES = 1_000_000;
/**
 * What the gateway (or a peer subgraph) may send to a subgraph, always with a signed identity. Set when an
 * `_entities` call carried the @requires events of three subgraphs (a few MB for `children(first: 100) {
 * chronology(first: 100) }`); the chronology now fetches its pages directly and no body carries events, so this
 * could come down to the largest body the gateway's cost limit allows, once that is measured.
 */
export const INTERNAL_MAX_BODY_BYTES = 16_000_000;
/** After refusing a body, how much more of it is read and discarded so the connection closes cleanly. */
const DRAIN_MAX_BYTES = 8_000_000;
const DRAIN_MAX_MS = 5_000;
/** How long `close` lets in-flight requests finish before cutting the connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** Per request, for context factories, logs, metrics and the gateway's subgraph calls. */
export interface RequestInfo {
  /** This hub's id for the request (a random UUID; a subgraph adopts the gateway's), echoed in `x-request-id`. */
  requestId: string;
  /** The caller's own request id, if it sent one: bounded and printable, a correlation field only, never the id. */
  correlationId?: string;
  operation?: string;
  role?: string;
  codes?: string[];
  metrics?: ServiceMetrics;
}

const requests = new AsyncLocalStorage<RequestInfo>();
const infoByRequest = new WeakMap<IncomingMessage, RequestInfo>();

/** The request being served on this async path (the gateway's subgraph fetcher reads its ids here). */
export function currentRequest(): RequestInfo | undefined {
  return requests.getStore();
}

/** The request id and correlation id this server assigned to `req` (for routes and context factories). */
export function requestInfoOf(req: IncomingMessage): RequestInfo | undefined {
  return infoByRequest.get(req);
}

/** `CORS_ORIGINS`: comma-separated origins (`https://portal.example.org`) allowed to call from a browser; none by default. */
export function corsOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim().replace(/\/$/, '')).filter(Boolean);
}

interface ServerState {
  draining: boolean;
  inFlight: Set<ServerResponse>;
  idle?: () => void;
}
const states = new WeakMap<Server, ServerState>();

const PROBES = new Set(['GET /health', 'GET /ready', 'GET /metrics']);
/** The gateway's request id, adopted by a subgraph (the gateway assigns UUIDs; anything else is replaced). */
const TRUSTED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CORS_HEADERS = 'authorization, content-type, x-request-id, x-correlation-id, idempotency-key, apollo-require-preflight';

/**
 * A plain node:http front for Apollo Server, so every service can also answer /health, /ready, /metrics and
 * other non-GraphQL endpoints without a web framework. Every response carries `x-request-id` and
 * `Cache-Control: no-store` (any of them may carry personal data); every request gets one access-log line.
 */
export function createHttpServer<TContext extends BaseContext>(opts: {
  apollo: ApolloServer<TContext>;
  context: (req: IncomingMessage, info: RequestInfo) => Promise<TContext>;
  routes?: Record<string, Route>;
  /** The service's logger: the access log is written at `info` through it. */
  log?: Logger;
  /** Served at `GET /metrics`, and fed with every request. */
  metrics?: ServiceMetrics;
  /** The public default; subgraphs take INTERNAL_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /** Subgraphs only: adopt a well-formed `x-request-id` (the gateway's), so one id joins the logs of every service. */
  adoptRequestId?: boolean;
  /** Origins allowed by CORS (exact match); none unless configured. */
  corsOrigins?: readonly string[];
}): Server {
  const patterns = compileRoutes(opts.routes ?? {});
  const maxBody = opts.maxBodyBytes ?? PUBLIC_MAX_BODY_BYTES;
  const cors = new Set(opts.corsOrigins ?? []);
  const routes: Record<string, Route> = { ...opts.routes };
  const metrics = opts.metrics;
  if (metrics) {
    routes['GET /metrics'] = async (_req, res) => {
      res.setHeader('content-type', metrics.registry.contentType);
      res.end(await metrics.registry.metrics());
    };
  }
  const state: ServerState = { draining: false, inFlight: new Set() };

  const handle = async (req: IncomingMessage, res: ServerResponse, info: RequestInfo, setRoute: (r: string) => void) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'OPTIONS' && req.headers.origin && req.headers['access-control-request-method']) {
        setRoute('OPTIONS preflight');
        if (!cors.has(req.headers.origin)) return sendJson(res, 403, errorBody('This origin is not allowed', 'FORBIDDEN'));
        res.setHeader('access-control-allow-methods', 'GET, POST');
        res.setHeader('access-control-allow-headers', CORS_HEADERS);
        res.setHeader('access-control-max-age', '600');
        res.statusCode = 204;
        return void res.end();
      }
      const key = `${req.method} ${url.pathname}`;
      const exact = routes[key];
      if (exact) {
        setRoute(key);
        return await exact(req, res, {});
      }
      const matched = matchRoute(patterns, req.method, url.pathname);
      if (matched) {
        setRoute(matched.key);
        return await matched.route(req, res, matched.params);
      }
      if (url.pathname !== '/graphql') return sendJson(res, 404, errorBody('Not found', 'NOT_FOUND'));
      setRoute(`${req.method} /graphql`);
      const body = await readBody(req, maxBody);
      if (body.kind === 'too-large') return refuseBody(res, body.drained);
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      let parsed: unknown = body.text;
      if (headers.get('content-type')?.startsWith('application/json') && body.text.length > 0) {
        try {
          parsed = JSON.parse(body.text);
        } catch {
          return sendJson(res, 400, errorBody('Body is not valid JSON', 'BAD_USER_INPUT'));
        }
      }
      info.operation = operationNameOf(req.method === 'GET' ? Object.fromEntries(url.searchParams) : parsed);
      const result = await opts.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: parsed },
        context: async () => {
          const context = await opts.context(req, info);
          const role = (context as { principal?: { role?: unknown } }).principal?.role;
          if (typeof role === 'string') info.role = role;
          return context;
        },
      });
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.setHeader('cache-control', 'no-store');
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        info.codes = errorCodesOf(result.body.string);
        return void res.end(result.body.string);
      }
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    } catch {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, errorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
      else res.end();
    }
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    // Probes are not traced: a span every few seconds per service would bury the requests.
    const traced = PROBES.has(`${req.method} ${(req.url ?? '/').split('?')[0]}`) ? undefined : startServerSpan(req);
    const info = requestInfo(req, opts.adoptRequestId ?? false);
    info.metrics = metrics;
    infoByRequest.set(req, info);
    state.inFlight.add(res);
    metrics?.inFlight.inc();
    let route = 'unmatched';
    res.setHeader('x-request-id', info.requestId);
    res.setHeader('cache-control', 'no-store');
    // While shutting down, no connection is kept for another request.
    if (state.draining) res.setHeader('connection', 'close');
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('vary', 'origin');
      if (cors.has(origin)) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-expose-headers', 'x-request-id');
      }
    }
    res.once('close', () => {
      state.inFlight.delete(res);
      metrics?.inFlight.dec();
      if (state.inFlight.size === 0) state.idle?.();
      const codes = info.codes ?? [];
      if (traced) endServerSpan(traced.span, { route, status: res.statusCode, operation: info.operation, codes, requestId: info.requestId });
      if (PROBES.has(route)) return;
      const durationMs = performance.now() - started;
      const code = codes[0] ?? 'none';
      const operation = metrics?.operationLabel(info.operation) ?? info.operation ?? 'anonymous';
      metrics?.requests.inc({ route, operation, status: String(res.statusCode), code });
      metrics?.requestDuration.observe({ route, operation, code }, durationMs / 1000);
      if (opts.log) {
        logAccess(opts.log, {
          requestId: info.requestId,
          correlationId: info.correlationId,
          method: req.method ?? '',
          route,
          operation: info.operation,
          role: info.role,
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
          codes,
          aborted: res.writableFinished ? undefined : true,
        });
      }
    });
    const run = () => requests.run(info, () => void handle(req, res, info, (r) => (route = r)));
    if (traced) context.with(traced.context, run);
    else run();
  });
  states.set(server, state);
  // Longer than the gateway's idle sockets (30 s), so a reused connection is never closed under a request.
  server.keepAliveTimeout = 65_000;
  // A malformed or incomplete request (e.g. a body shorter than its Content-Length, then EOF) gets a coded
  // JSON error instead of node's bare 400, unless a response has already started on that socket.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (err.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
      const [status, message] =
        err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request headers too large']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'The request took too long']
        : [400, 'The request was malformed or incomplete'];
      const body = JSON.stringify(errorBody(message, 'BAD_USER_INPUT'));
      socket.once('finish', () => socket.destroy());
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    } else socket.destroy();
  });
  return server;
}

function requestInfo(req: IncomingMessage, adopt: boolean): RequestInfo {
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const forwarded = header('x-request-id');
  if (adopt) {
    return {
      requestId: forwarded && TRUSTED_ID.test(forwarded) ? forwarded : randomUUID(),
      correlationId: bounded(header('x-correlation-id')),
    };
  }
  return { requestId: randomUUID(), correlationId: bounded(header('x-correlation-id') ?? forwarded) };
}

/** A client's id as a log field: printable ASCII only, at most 200 characters. */
function bounded(value: string | undefined): string | undefined {
  const v = value?.replace(/[^\x20-\x7e]/g, '').slice(0, 200);
  return v ? v : undefined;
}

function errorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * 413, and the connection is closed after it: the refused body was either read to its end (drained, so the
 * close is clean) or cut short, in which case no later request may be parsed from its remaining bytes.
 */
function refuseBody(res: ServerResponse, drained: boolean): void {
  res.setHeader('connection', 'close');
  if (!drained) res.once('finish', () => res.socket?.destroy());
  sendJson(res, 413, errorBody('Request body too large', 'BAD_USER_INPUT'));
}

interface PatternRoute { key: string; method: string; regex: RegExp; names: string[]; route: Route }

/** Route keys with `:name` segments (`PUT /voice-entries/:id/audio`) match one path segment each. */
function compileRoutes(routes: Record<string, Route>): PatternRoute[] {
  return Object.entries(routes)
    .filter(([key]) => key.includes('/:'))
    .map(([key, route]) => {
      const [method, path] = key.split(' ') as [string, string];
      const names: string[] = [];
      const source = path
        .split('/')
        .map((seg) => (seg.startsWith(':') ? (names.push(seg.slice(1)), '([^/]+)') : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      return { key, method, regex: new RegExp(`^${source}$`), names, route };
    });
}

function matchRoute(patterns: PatternRoute[], method: string | undefined, pathname: string) {
  for (const p of patterns) {
    if (p.method !== method) continue;
    const m = p.regex.exec(pathname);
    if (m) return { key: p.key, route: p.route, params: Object.fromEntries(p.names.map((n, i) => [n, m[i + 1]!])) };
  }
  return undefined;
}

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const info = res.req ? infoByRequest.get(res.req) : undefined;
  const errors = (payload as { errors?: { extensions?: { code?: string } }[] } | null)?.errors;
  if (info && Array.isArray(errors)) info.codes = [...new Set(errors.map((e) => e.extensions?.code ?? 'UNCODED'))];
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(payload));
}

type Body = { kind: 'ok'; text: string } | { kind: 'too-large'; drained: boolean };

/**
 * The request body, up to `limit` bytes. Past it the rest is read and discarded (bounded in bytes and time) so
 * that the 413 can close the connection cleanly: a socket closed with unread input is reset, and the client
 * may then never see the answer. A kept-alive socket with the body left unread would hang the next request.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const drainCap = limit + Math.max(limit, DRAIN_MAX_BYTES);
    if (Number(req.headers['content-length']) > drainCap) return resolve({ kind: 'too-large', drained: false });
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    let timer: NodeJS.Timeout | undefined;
    const refuse = (drained: boolean) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      resolve({ kind: 'too-large', drained });
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (!over && size <= limit) return void chunks.push(chunk);
      if (!over) {
        over = true;
        chunks.length = 0;
        timer = setTimeout(() => refuse(false), DRAIN_MAX_MS);
      }
      if (size > drainCap) refuse(false);
    });
    req.once('end', () => (over ? refuse(true) : resolve({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') })));
    req.once('error', reject);
  });
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Graceful stop: no new connections, in-flight requests finish (their responses say `connection: close`),
 * idle kept-alive connections are closed; whatever is still running after `graceMs` is cut.
 */
export async function close(server: Server, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  const state = states.get(server);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  if (state) {
    state.draining = true;
    for (const res of state.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    server.closeIdleConnections();
    if (state.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (state.idle = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    }
  }
  server.closeIdleConnections();
  server.closeAllConnections();
  await closed;
}
