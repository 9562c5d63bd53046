import type { Server } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { close, corsOriginsFromEnv, createFormatError, createHttpServer, createLogger, createMetrics, listen, sendJson, signIdentity } from '@caregraph/kit';
import { createAuthenticator } from './auth.js';
import { voiceAudioRoutes } from './voice-audio.js';
import { groupOf, neverAllows, type Role } from '@caregraph/schema';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { pruneOperation, restorePruned, type Pruned } from './pruning.js';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { SubgraphSource } from './subgraph-source.js';
import { armorProtection, parseOptions, refuseBeforeExecution } from './limits.js';
import { scalarChecksPlugin } from './scalars.js';

export interface Gateway {
  http: Server;
  listen(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

interface PruningDecision {
  pruned: Pruned | null;
  deniedGroups: string[];
}

/**
 * Pruning depends on the role and the operation only, so it is decided once per parsed document (Apollo keeps
 * one DocumentNode per distinct query text) and role: per role, never per user.
 */
const pruningDecisions = new WeakMap<DocumentNode, Map<string, PruningDecision>>();

/**
 * Whether the gateway removes a coordinate before planning: a field the role can never see. Root fields are
 * left to the subgraph that owns them, which answers the same null + FORBIDDEN and records the refused attempt.
 */
export type PrunePolicy = (role: Role, coordinate: string) => boolean;
export const policyPruning: PrunePolicy = (role, coordinate) =>
  !coordinate.startsWith('Query.') && !coordinate.startsWith('Mutation.') && neverAllows(role, coordinate);

function pruningFor(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, role: Role, prunes: PrunePolicy): PruningDecision {
  let byRole = pruningDecisions.get(document);
  if (!byRole) pruningDecisions.set(document, (byRole = new Map()));
  const key = `${role} ${operationName ?? ''}`;
  let decision = byRole.get(key);
  if (!decision) {
    const deniedGroups = new Set<string>();
    const pruned = pruneOperation(schema, document, operationName, (c) => {
      const denied = prunes(role, c);
      if (denied) deniedGroups.add(groupOf(c) ?? 'unnamed');
      return denied;
    });
    byRole.set(key, (decision = { pruned, deniedGroups: [...deniedGroups] }));
  }
  return decision;
}

/** The gateway over the committed supergraph: it never introspects live subgraphs. */
export async function createGateway(config: GatewayConfig, supergraphSdl: string, opts: { prunes?: PrunePolicy } = {}): Promise<Gateway> {
  const prunes = opts.prunes ?? policyPruning;
  const log = createLogger('gateway', config.logLevel);
  const authenticate = await createAuthenticator(config.auth);
  // Unless told not to, Apollo Gateway probes cloud metadata endpoints and reports its host to Apollo every hour:
  // a hub of children's records sends nothing to a third party (test/ops/egress.test.ts).
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => new SubgraphSource({ url: config.subgraphUrls[name as keyof typeof config.subgraphUrls] }),
    logger: log,
  });
  const armor = armorProtection({ blockFieldSuggestions: !config.isDev });
  const apollo = new ApolloServer<GatewayContext>({
    // SIGTERM is handled by main.ts, which drains in-flight requests first; Apollo's own handler would stop them.
    stopOnTerminationSignals: false,
    gateway,
    includeStacktraceInErrorResponses: config.isDev,
    formatError: createFormatError(log, config.isDev),
    introspection: config.isDev,
    // Limits (limits.ts): tokens while parsing, armor's rules while validating; both before pruning and planning.
    parseOptions,
    validationRules: armor.validationRules,
    // APQ is off: a persistedQuery extension is answered "PersistedQueryNotSupported" (BAD_USER_INPUT), on which
    // Apollo Client stops using APQ and resends the full query. The contract's codes have no PERSISTED_QUERY_*.
    persistedQueries: false,
    plugins: [
      scalarChecksPlugin((names) => log.warn({ scalars: names }, 'scalars left to the subgraphs to validate')),
      refuseBeforeExecution,
      ...armor.plugins,
      // No tracing and no cache hints here: each would wrap every field resolver (10-16% of subgraph CPU, measured).
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      {
        // Fields the principal's role can never see are removed before planning: no subgraph is asked for them.
        async requestDidStart() {
          let pruned: Pruned | null = null;
          return {
            async didResolveOperation(rc) {
              const decision = pruningFor(rc.schema, rc.document, rc.request.operationName, rc.contextValue.principal.role, prunes);
              for (const group of decision.deniedGroups) rc.contextValue.deniedGroups.add(group);
              pruned = decision.pruned;
              if (pruned) Object.assign(rc, { document: pruned.document, queryHash: pruned.queryHash });
            },
            async willSendResponse({ response }) {
              if (!pruned || response.body.kind !== 'single') return;
              const result = response.body.singleResult;
              const denied = restorePruned(result.data as never, pruned.paths);
              if (denied.length) result.errors = [...(result.errors ?? []), ...denied];
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  const http = createHttpServer({
    apollo,
    log,
    metrics: createMetrics('gateway', { subgraphUrls: config.subgraphUrls }),
    corsOrigins: corsOriginsFromEnv(),
    context: async (req, info) => {
      const principal = await authenticate(req.headers.authorization);
      return {
        // The hub's own id for the audit trail; the client's x-request-id travels only as a bounded correlation id.
        requestId: info.requestId,
        correlationId: info.correlationId,
        idempotencyKey: typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'].slice(0, 200) || undefined : undefined,
        principal,
        identityToken: await signIdentity(principal, config.identitySecret),
        deniedGroups: new Set<string>(),
      };
    },
    routes: {
      ...voiceAudioRoutes({ authenticate, identitySecret: config.identitySecret, childrenUrl: config.subgraphUrls.children, log }),
      'GET /health': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      'GET /ready': async (_req, res) => {
        const checks = await Promise.all(
          Object.entries(config.subgraphUrls).map(async ([name, url]) => [name, await isReady(url)] as const),
        );
        const ready = checks.every(([, ok]) => ok);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', subgraphs: Object.fromEntries(checks) });
      },
    },
  });
  return {
    http,
    listen: (port, host) => listen(http, port, host),
    async stop() {
      await close(http);
      await apollo.stop();
    },
  };
}

/** A subgraph is ready when its own /ready (which checks its database) answers 200. */
async function isReady(graphqlUrl: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/ready', graphqlUrl), { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}
