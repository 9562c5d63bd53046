import { createSubgraph, migrateSubgraph, type AuthorizationMode, type SubgraphDefinition } from '@caregraph/kit';
import type { Principal } from '@caregraph/schema';
import { forwarded, principal, TEST_SECRET } from './identity.js';
import { storyBatches } from '@caregraph/demo';
import { createTestDatabase } from './database.js';
import { postGraphQL, type GraphQLResponse } from './http.js';

export interface TestSubgraph {
  url: string;
  databaseUrl: string;
  /** Every SQL statement the subgraph ran, in order; tests reset and count it. */
  sql: string[];
  /** HTTP requests served since the last reset (tests count fetches the gateway makes). */
  requests: { count: number };
  /** As a dpo of the demo LA (subgraph tests run with authorization off unless they ask otherwise). */
  query(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  queryAs(who: Principal, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  /** Without the gateway's forwarded identity (or with explicit headers). */
  raw(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

/** A subgraph on a fresh database (migrated, optionally seeded with demo stories), served over real HTTP on a free port. */
export async function startTestSubgraph(
  def: SubgraphDefinition,
  opts: { stories?: number; databaseUrl?: string; authorization?: AuthorizationMode } = {},
): Promise<TestSubgraph> {
  const db = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  await migrateSubgraph(def, db.url);
  const sql: string[] = [];
  const sg = await createSubgraph(def, {
    databaseUrl: db.url,
    identitySecret: TEST_SECRET,
    authorization: opts.authorization ?? 'off',
    onQuery: (s) => sql.push(s),
    logLevel: 'silent',
  });
  if (!opts.databaseUrl && opts.stories) {
    for (const batch of storyBatches(opts.stories)) await def.seedDemo(sg.orm.em.fork(), batch);
  }
  const requests = { count: 0 };
  sg.server.http.on('request', () => requests.count++);
  const port = await sg.server.listen(0);
  const url = `http://127.0.0.1:${port}/graphql`;
  sql.length = 0;
  return {
    url,
    databaseUrl: db.url,
    sql,
    requests,
    query: async (query, variables) => postGraphQL(url, query, variables, await forwarded(principal('dpo'))),
    queryAs: async (who, query, variables) => postGraphQL(url, query, variables, await forwarded(who)),
    raw: (query, variables, headers) => postGraphQL(url, query, variables, headers),
    async stop() {
      await sg.server.stop();
      await sg.orm.close(true);
      await db.drop();
    },
  };
}
