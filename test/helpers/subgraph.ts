import { createSubgraph, migrateSubgraph, type PeerUrls, type SubgraphDefinition } from '@caregraph/kit';
import type { Principal } from '@caregraph/schema';
import { DEMO_LA, storyBatches } from '@caregraph/demo';
import { forwarded, principal, TEST_SECRET } from './identity.js';
import { createTestDatabase } from './database.js';
import { postGraphQL, type GraphQLResponse } from './http.js';
import { ensureLaChild, relate, scopeTupleOf } from './scope.js';

export interface TestSubgraph {
  url: string;
  databaseUrl: string;
  /** Every SQL statement the subgraph ran, in order; tests reset and count it. */
  sql: string[];
  /** HTTP requests served since the last reset (tests count fetches the gateway makes). */
  requests: { count: number };
  /**
   * As a DPO of the demo LA: every child of the LA in scope, every field group, read-only (the policy lets a
   * DPO write nothing but data-sharing agreements). Enforcement is always on: writes go through `queryAs`.
   */
  query(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  queryAs(who: Principal, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  /** Without the gateway's forwarded identity (or with explicit headers). */
  raw(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** Puts children in `who`'s scope (its relationship tuple, valid since yesterday), and in the DPO's; returns `who`. */
  inScope(who: Principal, childIds: string[]): Promise<Principal>;
  /** Writes relationship tuples valid since yesterday. */
  relate(relation: string, subject: string, childIds: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** Statements other than the scope check and the audit write (those are counted by the scope tests). */
export const ownStatements = (t: TestSubgraph) =>
  t.sql.filter((s) => !s.includes('"access"."relationship"') && !s.includes('"audit"."access_event"'));

/** The principal `query()` uses. */
export const DPO = principal('dpo');

/**
 * A subgraph on a fresh database (migrated, optionally seeded with demo stories), served over real HTTP on a free
 * port, enforcing the policy as in production. The seeded children are every one in the demo LA's DPO's scope.
 */
export async function startTestSubgraph(def: SubgraphDefinition, opts: { stories?: number; databaseUrl?: string; peers?: PeerUrls } = {}): Promise<TestSubgraph> {
  const db = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  await migrateSubgraph(def, db.url);
  const sql: string[] = [];
  const sg = await createSubgraph(def, {
    databaseUrl: db.url,
    identitySecret: TEST_SECRET,
    onQuery: (s) => sql.push(s),
    logLevel: 'silent',
    peers: opts.peers,
  });
  if (!opts.databaseUrl && opts.stories) {
    const ids: string[] = [];
    for (const batch of storyBatches(opts.stories)) {
      await def.seedDemo(sg.orm.em.fork(), batch);
      ids.push(...batch.map((s) => s.id));
    }
    await ensureLaChild(db.url, DEMO_LA, ids);
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
    query: async (query, variables) => postGraphQL(url, query, variables, await forwarded(DPO)),
    queryAs: async (who, query, variables) => postGraphQL(url, query, variables, await forwarded(who)),
    raw: (query, variables, headers) => postGraphQL(url, query, variables, headers),
    async inScope(who, childIds) {
      const { relation, subject } = scopeTupleOf(who);
      await relate(db.url, relation, subject, childIds);
      await ensureLaChild(db.url, DEMO_LA, childIds);
      return who;
    },
    relate: (relation, subject, childIds) => relate(db.url, relation, subject, childIds),
    async stop() {
      await sg.server.stop();
      await sg.orm.close(true);
      await db.drop();
    },
  };
}
