// The committed supergraph (schema/supergraph.graphql) on Hive Gateway, with the same identity forwarding as
// the Apollo gateway: the client's bearer token is verified with the same settings (AUTH_ISSUER, AUTH_AUDIENCE,
// AUTH_ALGORITHM, AUTH_JWKS_URL or AUTH_PUBLIC_KEY[_FILE]); a request without a valid one is answered 401
// UNAUTHENTICATED before anything runs; otherwise each subgraph call carries the verified principal as the
// short-lived HS256 `x-caregraph-identity` signed with HUB_INTERNAL_SECRET, exactly as gateway/src does.
// The subgraphs then enforce the policy (field rules, row scope, audit) as they do behind the Apollo gateway.
//
//   npx hive-gateway supergraph schema/supergraph.graphql -c deploy/hive/gateway.config.mjs --port 4100
//
// Needs the compiled hub (`npx tsc --build`): it reuses the gateway's authenticator, config parsing and limits.
import { defineConfig } from '@graphql-hive/gateway';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { signIdentity } from '@caregraph/kit';
import { loadGatewayConfig } from '../../gateway/dist/config.js';
import { createAuthenticator } from '../../gateway/dist/auth.js';
import { LIMITS } from '../../gateway/dist/limits.js';

const config = loadGatewayConfig();
const authenticate = createAuthenticator(config.auth);

/** One verification and one signature per client request, shared by every subgraph call it makes. */
const identities = new WeakMap();
function identityOf(request) {
  let identity = identities.get(request);
  if (!identity) {
    identity = authenticate.then((verify) => verify(request.headers.get('authorization') ?? undefined)).then((principal) => signIdentity(principal, config.identitySecret));
    identity.catch(() => undefined);
    identities.set(request, identity);
  }
  return identity;
}

const tooComplex = (message) => ({
  propagateOnRejection: false,
  exposeLimits: false,
  onReject: [(ctx) => ctx?.reportError(new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } }))],
});

const location = (name) => {
  const url = process.env[`${name.toUpperCase()}_URL`];
  if (!url) throw new Error(`${name.toUpperCase()}_URL is not set`);
  return { location: url };
};

export const gatewayConfig = defineConfig({
  transportEntries: {
    children: location('children'),
    placements: location('placements'),
    education: location('education'),
    health: location('health'),
  },
  plugins: () => [
    // No valid bearer token: 401 UNAUTHENTICATED, nothing planned or sent to a subgraph.
    {
      async onRequest({ request, url, endResponse, fetchAPI }) {
        if (url.pathname !== '/graphql') return;
        try {
          await identityOf(request);
        } catch {
          endResponse(
            new fetchAPI.Response(JSON.stringify({ errors: [{ message: 'A valid bearer token is required', extensions: { code: 'UNAUTHENTICATED' } }] }), {
              status: 401,
              headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
            }),
          );
        }
      },
      onResponse({ response }) {
        response.headers.set('cache-control', 'no-store');
      },
    },
    // The same limits as the Apollo gateway (gateway/src/limits.ts), refused with QUERY_TOO_COMPLEX.
    ...new EnvelopArmor({
      maxTokens: { n: LIMITS.maxTokens, ...tooComplex(`The query has more tokens than the limit of ${LIMITS.maxTokens}`) },
      maxDepth: { n: LIMITS.maxDepth, ...tooComplex(`The query is nested deeper than the limit of ${LIMITS.maxDepth} levels`) },
      maxAliases: { n: LIMITS.maxAliases, ...tooComplex(`The query has more aliases than the limit of ${LIMITS.maxAliases}`) },
      maxDirectives: { n: LIMITS.maxDirectives, ...tooComplex(`The query has more directives than the limit of ${LIMITS.maxDirectives}`) },
      costLimit: { maxCost: LIMITS.maxCost, ...tooComplex(`The query's estimated cost is over the limit of ${LIMITS.maxCost}`) },
      blockFieldSuggestion: { enabled: true },
    }).protect().plugins,
  ],
  propagateHeaders: {
    fromClientToSubgraphs: async ({ request }) => ({ 'x-caregraph-identity': await identityOf(request) }),
  },
  graphqlEndpoint: '/graphql',
  landingPage: false,
  graphiql: false,
  // Introspection off, as on the Apollo gateway outside development.
  disableIntrospection: {},
  logging: ['trace', 'debug', 'info', 'warn', 'error'].includes(process.env.LOG_LEVEL) ? process.env.LOG_LEVEL : process.env.LOG_LEVEL === 'silent' ? false : 'info',
  // The supergraph is a committed file; a deploy ships a new one.
  pollingInterval: 3_600_000,
});
