import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { close, createFormatError, createHttpServer, createLogger, listen, sendJson, signIdentity } from '@caregraph/kit';
import { createAuthenticator } from './auth.js';
import { voiceAudioRoutes } from './voice-audio.js';
import { groupOf, neverAllows, type Role } from '@caregraph/schema';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { pruneOperation, restorePruned, type Pruned } from './pruning.js';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { SubgraphSource } from './subgraph-source.js';

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

function pruningFor(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, role: Role): PruningDecision {
  let byRole = pruningDecisions.get(document);
  if (!byRole) pruningDecisions.set(document, (byRole = new Map()));
  const key = `${role} ${operationName ?? ''}`;
  let decision = byRole.get(key);
  if (!decision) {
    const deniedGroups = new Set<string>();
    const pruned = pruneOperation(schema, document, operationName, (c) => {
      const denied = neverAllows(role, c);
      if (denied) deniedGroups.add(groupOf(c) ?? 'unnamed');
      return denied;
    });
    byRole.set(key, (decision = { pruned, deniedGroups: [...deniedGroups] }));
  }
  return decision;
}

/** The gateway over the committed supergraph: it never introspects live subgraphs. */
export async function createGateway(config: GatewayConfig, supergraphSdl: string): Promise<Gateway> {
  const log = createLogger('gateway', config.logLevel);
  const authenticate = await createAuthenticator(config.auth);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => new SubgraphSource({ url: config.subgraphUrls[name as keyof typeof config.subgraphUrls] }),
    logger: log,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: config.isDev,
    formatError: createFormatError(log, config.isDev),
    introspection: config.isDev,
    plugins: [
      // No tracing and no cache hints here: each would wrap every field resolver (10-16% of subgraph CPU, measured).
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      {
        // Fields the principal's role can never see are removed before planning: no subgraph is asked for them.
        async requestDidStart() {
          let pruned: Pruned | null = null;
          return {
            async didResolveOperation(rc) {
              if (config.authorization === 'off') return;
              const decision = pruningFor(rc.schema, rc.document, rc.request.operationName, rc.contextValue.principal.role);
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
    context: async (req) => {
      const principal = await authenticate(req.headers.authorization);
      return {
        requestId: String(req.headers['x-request-id'] ?? randomUUID()),
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
