import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestDatabase } from '../helpers/database.js';
import { postGraphQL, type GraphQLResponse } from '../helpers/http.js';
import { bearer, forwarded, gatewayAuthEnv, principal, TEST_SECRET } from '../helpers/identity.js';

/**
 * SIGTERM with 20 requests in flight, on the built services as they run in production (separate processes,
 * NODE_ENV=production): every request is answered, and the process exits 0. The gateway's own access log is
 * read from its stdout on the way.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const IN_FLIGHT = 20;

interface Service { child: ChildProcess; port: number; lines: string[]; exited: Promise<number | null> }

/** Starts a built service on a free port and waits for its "listening" log line. */
async function spawnService(script: string, env: Record<string, string>): Promise<Service> {
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        const port = (() => { try { return JSON.parse(line).port as number | undefined; } catch { return undefined; } })();
        if (port) resolve(port);
      }
    });
    child.stderr!.on('data', (c: Buffer) => lines.push(c.toString('utf8')));
    void exited.then((code) => reject(new Error(`${script} exited (${code}) before listening: ${lines.join('\n')}`)));
  });
  return { child, port, lines, exited };
}

describe('graceful shutdown of the gateway', () => {
  let gateway: Service | undefined;
  const held: ServerResponse[] = [];
  const subgraph = createServer((req, res) => {
    req.resume();
    req.on('end', () => held.push(res));
  });
  afterAll(async () => {
    gateway?.child.kill('SIGKILL');
    subgraph.closeAllConnections();
    await new Promise((r) => subgraph.close(r));
  });

  test('20 requests in flight at SIGTERM are all answered, new connections are refused, and it exits 0', async () => {
    await new Promise<void>((r) => subgraph.listen(0, '127.0.0.1', r));
    const sgUrl = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
    gateway = await spawnService('gateway/dist/main.js', {
      ...(await gatewayAuthEnv()),
      CHILDREN_URL: sgUrl, PLACEMENTS_URL: sgUrl, EDUCATION_URL: sgUrl, HEALTH_URL: sgUrl,
    });
    const url = `http://127.0.0.1:${gateway.port}/graphql`;
    const dpo = await bearer(principal('dpo'));
    const answers = Array.from({ length: IN_FLIGHT }, () =>
      postGraphQL(url, 'query SlowList { children(first: 1) { edges { node { id } } } }', {}, { ...dpo, 'x-request-id': 'client-correlation-1' }),
    );
    // Every request has reached the (stand-in) subgraph and waits there.
    while (held.length < IN_FLIGHT) await new Promise((r) => setTimeout(r, 20));

    gateway.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await expect(fetch(`http://127.0.0.1:${gateway.port}/health`)).rejects.toThrow();

    for (const res of held) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { children: { edges: [{ node: { id: 'child-id-not-in-logs' } }] } } }));
    }
    const results: GraphQLResponse[] = await Promise.all(answers);
    expect(results.map((r) => r.status)).toEqual(Array(IN_FLIGHT).fill(200));
    expect(results.every((r) => r.errors === undefined && r.data?.children.edges[0].node.id === 'child-id-not-in-logs')).toBe(true);
    expect(await gateway.exited).toBe(0);

    // One access-log line per request: ids, operation, role, status, duration, codes; nothing from the request's content.
    const access = gateway.lines.flatMap((l) => { try { return [JSON.parse(l)]; } catch { return []; } }).filter((l) => l.access);
    expect(access).toHaveLength(IN_FLIGHT);
    for (const { access: a } of access) {
      expect(Object.keys(a).sort()).toEqual(['codes', 'correlationId', 'durationMs', 'method', 'operation', 'requestId', 'role', 'route', 'status']);
      expect(a).toMatchObject({ method: 'POST', route: 'POST /graphql', operation: 'SlowList', role: 'dpo', status: 200, codes: [], correlationId: 'client-correlation-1' });
      expect(a.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof a.durationMs).toBe('number');
    }
    const all = gateway.lines.join('\n');
    expect(all).not.toContain('child-id-not-in-logs');
    expect(all).not.toContain(dpo.authorization!.slice(7, 40));
  }, 60_000);
});

describe('graceful shutdown of a subgraph', () => {
  let sg: Service | undefined;
  let db: { url: string; drop(): Promise<void> };
  afterAll(async () => {
    sg?.child.kill('SIGKILL');
    await db?.drop();
  });

  test('20 requests in flight at SIGTERM are all answered, and it exits 0', async () => {
    db = await createTestDatabase();
    sg = await spawnService('subgraphs/education/dist/main.js', { DATABASE_URL: db.url, HUB_INTERNAL_SECRET: TEST_SECRET });
    const base = `http://127.0.0.1:${sg.port}`;
    // Hold the table the query reads, so that the requests stay in flight until the test lets them go.
    const lock = new pg.Client({ connectionString: db.url });
    await lock.connect();
    await lock.query('begin');
    await lock.query('lock table education.school in access exclusive mode');
    const identity = await forwarded(principal('dpo'));
    const answers = Array.from({ length: IN_FLIGHT }, () => postGraphQL(`${base}/graphql`, '{ school(urn: "100001") { urn } }', {}, identity));
    const inFlight = async () => Number(/^caregraph_http_requests_in_flight\{[^}]*\} (\d+)/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? 0);
    // The scrape itself is in flight too.
    while ((await inFlight()) < IN_FLIGHT + 1) await new Promise((r) => setTimeout(r, 50));

    sg.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await lock.query('commit');
    await lock.end();
    const results = await Promise.all(answers);
    expect(results.map((r) => r.status)).toEqual(Array(IN_FLIGHT).fill(200));
    expect(results.every((r) => r.errors === undefined && r.data?.school === null)).toBe(true);
    expect(await sg.exited).toBe(0);
  }, 90_000);
});
