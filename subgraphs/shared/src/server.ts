import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { createFormatError } from './format-error.js';
import { close, createHttpServer, listen, sendJson, type Route } from './http.js';
import { createLogger, loggableError, type Logger } from './logger.js';
import type { Principal } from '@caregraph/schema';
import { AccessControl, type AuthorizationMode } from './access/access-control.js';
import { DENIED_HEADER, IDENTITY_HEADER, verifyIdentity } from './identity.js';
import { FIELD_GROUPS } from '@caregraph/schema';
import { CodedError } from './errors.js';

/** What every resolver of every subgraph receives: one EntityManager fork and one set of loaders per request. */
export interface RequestContext<TLoaders> {
  em: EntityManager;
  loaders: TLoaders;
  log: Logger;
  requestId: string;
  /** Verified by the gateway and re-verified here; a request without one never reaches a resolver. */
  principal: Principal;
  access: AccessControl;
}

/** What a plain HTTP route of a subgraph (not /graphql) gets: the same verified principal and access control. */
export interface RouteKit {
  subgraph: string;
  log: Logger;
  /** Verifies the gateway's identity header (401 UnauthenticatedError otherwise), then forks an EntityManager. */
  requestContext(req: IncomingMessage): Promise<Omit<RequestContext<never>, 'loaders'>>;
}

export interface SubgraphServer {
  http: Server;
  apollo: ApolloServer<RequestContext<unknown>>;
  listen(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

export async function createSubgraphServer<TLoaders>(opts: {
  name: string;
  schema: GraphQLSchema;
  orm: MikroORM;
  createLoaders: (em: EntityManager, access: AccessControl) => TLoaders;
  isDev: boolean;
  identitySecret: string;
  authorization: AuthorizationMode;
  log?: Logger;
  /** Extra HTTP routes (`METHOD /path`, `:name` segments allowed), besides /graphql, /health and /ready. */
  routes?: (kit: RouteKit) => Record<string, Route>;
}): Promise<SubgraphServer> {
  const log = opts.log ?? createLogger(opts.name);
  const apollo = new ApolloServer<RequestContext<TLoaders>>({
    schema: opts.schema,
    includeStacktraceInErrorResponses: opts.isDev,
    formatError: createFormatError(log, opts.isDev),
    introspection: opts.isDev,
    plugins: [
      // No tracing and no cache hints here: each would wrap every field resolver (10-16% of subgraph CPU, measured).
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      {
        // Fail closed: if the audit entry cannot be written, the data is not sent.
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, response }) {
              if (!contextValue?.access) return;
              try {
                await contextValue.access.flushAudit({ subgraph: opts.name, requestId: contextValue.requestId });
              } catch (err) {
                log.error({ err: loggableError(err), requestId: contextValue.requestId }, 'audit write failed: response withheld');
                const error = new CodedError('SERVICE_UNAVAILABLE', 'The audit trail is unavailable, so no record can be read');
                response.body = { kind: 'single', singleResult: { data: null, errors: [{ message: error.message, extensions: error.extensions }] } };
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  const requestContext = async (req: IncomingMessage) => {
    const principal = await verifyIdentity(req.headers[IDENTITY_HEADER], opts.identitySecret);
    const em = opts.orm.em.fork() as EntityManager;
    const requestId = String(req.headers['x-request-id'] ?? randomUUID());
    const access = await AccessControl.create(principal, em, opts.authorization);
    return { em, log: log.child({ requestId }), requestId, principal, access };
  };
  const http = createHttpServer({
    apollo,
    context: async (req) => {
      const { em, requestId, principal, access } = await requestContext(req);
      for (const group of String(req.headers[DENIED_HEADER] ?? '').split(',')) {
        if (group in FIELD_GROUPS) access.audit.groupDenied(group);
      }
      return { em, loaders: opts.createLoaders(em, access), log: log.child({ requestId }), requestId, principal, access };
    },
    routes: {
      ...opts.routes?.({ subgraph: opts.name, log, requestContext }),
      'GET /health': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      'GET /ready': async (_req, res) => {
        const ok = await opts.orm.isConnected();
        sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unavailable' });
      },
    },
  });
  return {
    http,
    apollo: apollo as ApolloServer<RequestContext<unknown>>,
    listen: (port, host) => listen(http, port, host),
    async stop() {
      await close(http);
      await apollo.stop();
    },
  };
}
