import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

/** `params` holds the `:name` segments of a pattern route (`GET /items/:id/file`), undecoded. */
export type Route = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => void | Promise<void>;

const MAX_BODY_BYTES = 1_000_000;

/**
 * A plain node:http front for Apollo Server, so every service can also answer /health and /ready
 * (and later, non-GraphQL endpoints) without a web framework.
 */
export function createHttpServer<TContext extends BaseContext>(opts: {
  apollo: ApolloServer<TContext>;
  context: (req: IncomingMessage) => Promise<TContext>;
  routes?: Record<string, Route>;
}): Server {
  const patterns = compileRoutes(opts.routes ?? {});
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const exact = opts.routes?.[`${req.method} ${url.pathname}`];
      if (exact) return await exact(req, res, {});
      const matched = matchRoute(patterns, req.method, url.pathname);
      if (matched) return await matched.route(req, res, matched.params);
      if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });
      const body = await readBody(req);
      if (body === undefined) return sendJson(res, 413, { errors: [{ message: 'Request body too large', extensions: { code: 'BAD_USER_INPUT' } }] });
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      let parsed: unknown = body;
      if (headers.get('content-type')?.startsWith('application/json') && body.length > 0) {
        try {
          parsed = JSON.parse(body);
        } catch {
          return sendJson(res, 400, { errors: [{ message: 'Body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }] });
        }
      }
      const result = await opts.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: parsed },
        context: () => opts.context(req),
      });
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') return void res.end(result.body.string);
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    } catch {
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    }
  });
  // Longer than the gateway's idle sockets, so a reused connection is never closed under a request.
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
      const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
      socket.once('finish', () => socket.destroy());
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    } else socket.destroy();
  });
  return server;
}

interface PatternRoute { method: string; regex: RegExp; names: string[]; route: Route }

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
      return { method, regex: new RegExp(`^${source}$`), names, route };
    });
}

function matchRoute(patterns: PatternRoute[], method: string | undefined, pathname: string) {
  for (const p of patterns) {
    if (p.method !== method) continue;
    const m = p.regex.exec(pathname);
    if (m) return { route: p.route, params: Object.fromEntries(p.names.map((n, i) => [n, m[i + 1]!])) };
  }
  return undefined;
}

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(payload));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export async function close(server: Server): Promise<void> {
  server.closeIdleConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
