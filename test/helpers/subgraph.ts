import { createSubgraph, migrateSubgraph, type SubgraphDefinition } from '@caregraph/kit';
import { storyBatches } from '@caregraph/demo';
import { createTestDatabase } from './database.js';
import { postGraphQL, type GraphQLResponse } from './http.js';

export interface TestSubgraph {
  url: string;
  databaseUrl: string;
  /** Every SQL statement the subgraph ran, in order; tests reset and count it. */
  sql: string[];
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

/** A subgraph on a fresh database (migrated, optionally seeded with demo stories), served over real HTTP on a free port. */
export async function startTestSubgraph(
  def: SubgraphDefinition,
  opts: { stories?: number; databaseUrl?: string } = {},
): Promise<TestSubgraph> {
  const db = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  await migrateSubgraph(def, db.url);
  const sql: string[] = [];
  const sg = await createSubgraph(def, { databaseUrl: db.url, onQuery: (s) => sql.push(s), logLevel: 'silent' });
  if (!opts.databaseUrl && opts.stories) {
    for (const batch of storyBatches(opts.stories)) await def.seedDemo(sg.orm.em.fork(), batch);
  }
  const port = await sg.server.listen(0);
  const url = `http://127.0.0.1:${port}/graphql`;
  sql.length = 0;
  return {
    url,
    databaseUrl: db.url,
    sql,
    query: (query, variables, headers) => postGraphQL(url, query, variables, headers),
    async stop() {
      await sg.server.stop();
      await sg.orm.close(true);
      await db.drop();
    },
  };
}
