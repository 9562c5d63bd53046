import { createGateway, loadGatewayConfig, type Gateway } from '@caregraph/gateway';
import { readSupergraph } from '@caregraph/schema';
import { SUBGRAPH_DEFINITIONS } from '../../scripts/src/subgraphs.js';
import { createTestDatabase } from './database.js';
import { postGraphQL, type GraphQLResponse } from './http.js';
import { startTestSubgraph, type TestSubgraph } from './subgraph.js';
import type { Principal } from '@caregraph/schema';
import { bearer, gatewayAuthEnv } from './identity.js';

export interface TestHub {
  gatewayUrl: string;
  subgraphs: Record<string, TestSubgraph>;
  /** SQL statements per subgraph since the last reset. */
  sqlCounts(): Record<string, number>;
  resetSql(): void;
  /** With explicit headers (or none: unauthenticated). */
  raw(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  queryAs(who: Principal, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

/**
 * The four subgraphs and the gateway in this process, each on its own HTTP port, over one fresh database
 * seeded with `stories` demo children. Requests go through real HTTP and the committed supergraph; the policy is
 * enforced everywhere, as in production.
 */
export async function startTestHub(opts: { stories: number }): Promise<TestHub> {
  const db = await createTestDatabase();
  const subgraphs: Record<string, TestSubgraph> = {};
  // The children subgraph calls the others for the chronology: their addresses, filled in as they start.
  const peers: Record<string, string> = {};
  for (const def of SUBGRAPH_DEFINITIONS) {
    subgraphs[def.name] = await startTestSubgraph(def, { databaseUrl: db.url, peers });
    peers[def.name] = subgraphs[def.name]!.url;
  }
  const { seedDemoData } = await import('../../scripts/src/seed.js');
  await seedDemoData(db.url, opts.stories);
  const config = loadGatewayConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ...(await gatewayAuthEnv()),
    ...Object.fromEntries(Object.entries(subgraphs).map(([name, sg]) => [`${name.toUpperCase()}_URL`, sg.url])),
  });
  const gateway: Gateway = await createGateway(config, readSupergraph());
  const port = await gateway.listen(0);
  const gatewayUrl = `http://127.0.0.1:${port}/graphql`;
  const resetSql = () => Object.values(subgraphs).forEach((sg) => (sg.sql.length = 0));
  resetSql();
  return {
    gatewayUrl,
    subgraphs,
    sqlCounts: () => Object.fromEntries(Object.entries(subgraphs).map(([n, sg]) => [n, sg.sql.length])),
    resetSql,
    raw: (query, variables, headers) => postGraphQL(gatewayUrl, query, variables, headers),
    queryAs: async (who, query, variables) => postGraphQL(gatewayUrl, query, variables, await bearer(who)),
    async stop() {
      await gateway.stop();
      for (const sg of Object.values(subgraphs)) await sg.stop();
      await db.drop();
    },
  };
}
