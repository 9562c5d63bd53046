import { createServer, connect, type Server, type Socket } from 'node:net';
import { createSubgraph, type RunningSubgraph } from '@caregraph/kit';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { createTestDatabase } from '../helpers/database.js';
import { codes, postGraphQL } from '../helpers/http.js';
import { bearer, principal, TEST_SECRET } from '../helpers/identity.js';
import { startTestSubgraph, type TestSubgraph } from '../helpers/subgraph.js';
import { SUBGRAPH_DEFINITIONS } from '../../scripts/src/subgraphs.js';

/**
 * Faults answered as faults: a subgraph that is down, and a database that is down, give SERVICE_UNAVAILABLE
 * at the paths they could not answer (the rest of the response intact), and the hub is whole again once
 * they are back, with nothing restarted by hand but the failed part itself.
 */
const COMBINED = `{ children(first: 3) { edges { node {
  id legalGivenName
  placements { placementType }
  schoolEnrolments { urn }
  healthAssessments { kind }
} } } }`;

describe('a subgraph down', () => {
  let hub: TestHub;
  let restarted: RunningSubgraph | undefined;
  beforeAll(async () => {
    hub = await startTestHub({ stories: 5 });
  }, 120_000);
  afterAll(async () => {
    if (restarted) {
      await restarted.server.stop();
      await restarted.orm.close(true);
    }
    await hub?.stop();
  });

  test("the other subgraphs' data, SERVICE_UNAVAILABLE at each missing path; whole again when it is back on its port", async () => {
    const dpo = await bearer(principal('dpo'));
    const whole = await postGraphQL(hub.gatewayUrl, COMBINED, {}, dpo);
    expect(whole.errors).toBeUndefined();
    expect(whole.data?.children.edges).toHaveLength(3);

    const placements = hub.subgraphs.placements!;
    const port = Number(new URL(placements.url).port);
    await placements.stop();

    const partial = await postGraphQL(hub.gatewayUrl, COMBINED, {}, dpo);
    expect(partial.status).toBe(200);
    const edges = partial.data?.children.edges as { node: Record<string, unknown> }[];
    expect(edges).toHaveLength(3);
    for (const { node } of edges) {
      expect(typeof node.legalGivenName).toBe('string');
      expect(Array.isArray(node.schoolEnrolments)).toBe(true);
      expect(Array.isArray(node.healthAssessments)).toBe(true);
      expect(node.placements).toBeNull();
    }
    expect(partial.errors).toEqual(
      [0, 1, 2].map((i) => ({ message: expect.any(String), path: ['children', 'edges', i, 'node', 'placements'], extensions: { code: 'SERVICE_UNAVAILABLE' } })),
    );

    const def = SUBGRAPH_DEFINITIONS.find((d) => d.name === 'placements')!;
    restarted = await createSubgraph(def, { databaseUrl: placements.databaseUrl, identitySecret: TEST_SECRET, logLevel: 'silent' });
    await restarted.server.listen(port);
    const again = await postGraphQL(hub.gatewayUrl, COMBINED, {}, dpo);
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(whole.data);
  }, 60_000);
});

/** A TCP relay in front of PostgreSQL: stopping it is, for the subgraph behind it, the database going down. */
async function relay(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      if (server?.listening) return resolve();
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await start();
  return {
    port: () => port,
    start,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (!server?.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}

describe('the database down', () => {
  let sg: TestSubgraph;
  let db: { url: string; drop(): Promise<void> };
  let pg: Awaited<ReturnType<typeof relay>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    const direct = new URL(db.url);
    pg = await relay({ host: direct.hostname, port: Number(direct.port) });
    const viaRelay = new URL(db.url);
    viaRelay.port = String(pg.port());
    const def = SUBGRAPH_DEFINITIONS.find((d) => d.name === 'education')!;
    sg = await startTestSubgraph(def, { databaseUrl: viaRelay.toString() });
  }, 120_000);
  afterAll(async () => {
    await pg?.start();
    await sg?.stop();
    await pg?.stop();
    await db?.drop();
  });

  const SCHOOL = '{ school(urn: "100001") { urn } }';

  test('a query that needs it is answered SERVICE_UNAVAILABLE at its path, and answers again once it is back', async () => {
    const up = await sg.queryAs(principal('dpo'), SCHOOL);
    expect(up.errors).toBeUndefined();

    await pg.stop();
    const down = await sg.queryAs(principal('dpo'), SCHOOL);
    expect(down.status).toBe(200);
    expect(down.errors).toEqual([{ message: expect.any(String), locations: expect.anything(), path: ['school'], extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
    const ready = await fetch(sg.url.replace(/\/graphql$/, '/ready'));
    expect(ready.status).toBe(503);

    await pg.start();
    // Recovery is automatic: the pool makes new connections once the database answers again.
    let back = await sg.queryAs(principal('dpo'), SCHOOL);
    for (let i = 0; i < 20 && back.errors; i++) {
      await new Promise((r) => setTimeout(r, 250));
      back = await sg.queryAs(principal('dpo'), SCHOOL);
    }
    expect(codes(back)).toEqual([]);
  }, 60_000);
});
