import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The gateway's subgraph fetcher against small stand-in subgraphs on 127.0.0.1: what it does on a reset,
 * a refused connection, a refusal (413) and a subgraph that never answers. The stand-ins misbehave on purpose.
 */
process.env.SUBGRAPH_RESPONSE_TIMEOUT_MS = '1500';
const { subgraphFetch } = await import('../../gateway/src/subgraph-fetch.js');

type Handler = (req: IncomingMessage, res: ServerResponse, nthOnSocket: number, body: string) => void;

async function standIn(handler: Handler): Promise<{ url: string; connections: () => number; requests: () => number; close(): Promise<void> }> {
  let connections = 0;
  let requests = 0;
  const perSocket = new WeakMap<Socket, number>();
  const server: Server = createServer((req, res) => {
    requests++;
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, n, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', () => connections++);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    connections: () => connections,
    requests: () => requests,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const entitiesRequest = (kind: 'query' | 'mutation', n: number) =>
  JSON.stringify({
    query: `${kind} Op__placements__1($representations: [_Any!]!) { _entities(representations: $representations) { __typename ... on Child { placements { id } current: currentPlacement { id } } } }`,
    variables: { representations: Array.from({ length: n }, (_, i) => ({ __typename: 'Child', id: `c${i}` })) },
  });

const post = (url: string, body: string) => subgraphFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('subgraph fetcher', () => {
  test('a read that meets a reset on a reused connection is sent once more on a new one, and answers', async () => {
    // Answers the first request of each connection; resets the connection on the second (as a subgraph closing an idle socket would).
    const sg = await standIn((req, res, n) => (n === 1 ? json(res, 200, { data: { _entities: [null] } }) : req.socket.destroy()));
    try {
      expect((await post(sg.url, entitiesRequest('query', 1))).status).toBe(200);
      const second = await post(sg.url, entitiesRequest('query', 1));
      expect(second.status).toBe(200);
      expect(await second.json()).toEqual({ data: { _entities: [null] } });
      expect(sg.requests()).toBe(3); // the first, the reset one, its retry
      expect(sg.connections()).toBe(2);
    } finally {
      await sg.close();
    }
  });

  test('a mutation that meets a reset is never sent twice: it is answered SERVICE_UNAVAILABLE', async () => {
    const sg = await standIn((req, res, n) => (n === 1 ? json(res, 200, { data: { _entities: [null] } }) : req.socket.destroy()));
    try {
      await post(sg.url, entitiesRequest('query', 1));
      const res = await post(sg.url, JSON.stringify({ query: 'mutation { recordSomething(input: { x: 1 }) { id } }' }));
      const body = (await res.json()) as { data: unknown; errors: { path?: unknown[]; extensions: { code: string } }[] };
      expect(sg.requests()).toBe(2);
      expect(body.data).toBeNull();
      expect(body.errors).toEqual([expect.objectContaining({ path: ['recordSomething'], extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
    } finally {
      await sg.close();
    }
  });

  test('a subgraph that is down: SERVICE_UNAVAILABLE at every field asked of every entity', async () => {
    const sg = await standIn((_req, res) => json(res, 200, {}));
    await sg.close(); // nothing listens on that port any more
    const res = await post(sg.url, entitiesRequest('query', 2));
    const body = (await res.json()) as { data: unknown; errors: { path: unknown[]; extensions: { code: string } }[] };
    expect(body.data).toBeNull();
    expect(body.errors.map((e) => e.path)).toEqual([
      ['_entities', 0, 'placements'],
      ['_entities', 0, 'current'],
      ['_entities', 1, 'placements'],
      ['_entities', 1, 'current'],
    ]);
    expect(new Set(body.errors.map((e) => e.extensions.code))).toEqual(new Set(['SERVICE_UNAVAILABLE']));
  });

  test('a subgraph that never answers is given up on, and answered SERVICE_UNAVAILABLE', async () => {
    const sg = await standIn(() => undefined);
    try {
      const body = (await (await post(sg.url, JSON.stringify({ query: '{ school(urn: "1") { name } }' }))).json()) as { errors: { path: unknown[]; extensions: { code: string } }[] };
      expect(body.errors).toEqual([expect.objectContaining({ path: ['school'], extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
    } finally {
      await sg.close();
    }
  }, 20_000);

  test('after a refusal (413) the connection is not reused', async () => {
    const sg = await standIn((_req, res, n) =>
      n === 1 && sgState.refuse ? json(res, 413, { errors: [{ message: 'too large', extensions: { code: 'BAD_USER_INPUT' } }] }) : json(res, 200, { data: { ok: true } }),
    );
    const sgState = { refuse: true };
    try {
      expect((await post(sg.url, JSON.stringify({ query: '{ ok }' }))).status).toBe(413);
      sgState.refuse = false;
      expect((await post(sg.url, JSON.stringify({ query: '{ ok }' }))).status).toBe(200);
      expect(sg.connections()).toBe(2);
    } finally {
      await sg.close();
    }
  });
});
