// Hive Gateway, the peer in `npm run bench`, in its fastest form: the Rust query planner from
// @graphql-hive/router-runtime, no in-flight deduplication of identical subgraph requests (identical
// benchmark requests would otherwise be merged), and the subgraphs' identity header propagated from the
// client (the bench signs it, as our gateway would after verifying a bearer token). The bench starts it with
// `hive-gateway supergraph schema/supergraph.graphql -c bench/hive/gateway.config.mjs` and these variables.
import { defineConfig } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';

const location = (name) => {
  const url = process.env[`${name.toUpperCase()}_URL`];
  if (!url) throw new Error(`${name.toUpperCase()}_URL is not set`);
  return { location: url };
};

export const gatewayConfig = defineConfig({
  unifiedGraphHandler,
  transportEntries: {
    '*': { options: { deduplicateInflightRequests: false } },
    children: location('children'),
    placements: location('placements'),
    education: location('education'),
    health: location('health'),
  },
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ 'x-caregraph-identity': request.headers.get('x-caregraph-identity') ?? '' }),
  },
  logging: 'error',
  landingPage: false,
  graphiql: false,
  // The supergraph is a committed file: no need to look for a new one while the bench runs.
  pollingInterval: 3_600_000,
});
