import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { createFormatError } from './format-error.js';
import { close, createHttpServer, INTERNAL_MAX_BODY_BYTES, listen, sendJson, type Route } from './http.js';
import { createMetrics, knexPoolSample } from './metrics.js';
import { withDatabaseFaults } from './database-faults.js';
import { createLogger, loggableError, type Logger } from './logger.js';
import type { Principal } from '@caregraph/schema';
import { AccessControl, type AccessControlFactory } from './access/access-control.js';
import { requestedCoordinates } from './access/requested.js';
import { DENIED_HEADER, IDENTITY_HEADER, verifyIdentity } from './identity.js';
import { FIELD_GROUPS } from '@caregraph/schema';
import { CodedError } from './errors.js';
import { createPeers, type PeerUrls, type Peers } from './peers.js';

/** What every resolver of every subgraph receives: one EntityManager fork and one set of loaders per request. */
export interface RequestContext<TLoaders> {
  em: EntityManager;
  loaders: TLoaders;
  log: Logger;
  requestId: string;
  /** Verified by the gateway and re-verified here; a request without one never reaches a resolver. */
  principal: Principal;
  access: AccessControl;
  /** Other subgraphs, called directly on behalf of this principal (the chronology's pushed-down pages). */
  peers: Peers;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The request id in the audit trail is the hub's: the gateway assigns one per request and forwards it (only the
 * gateway, holding the signed identity, reaches a subgraph). Anything that is not a UUID is replaced.
 */
function hubRequestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && UUID.test(header) ? header : randomUUID();
}

/** A client's own correlation id: kept, bounded, never used as the request id. */
function boundedHeader(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && header.length > 0 ? header.slice(0, 200) : undefined;
}

/** What a plain HTTP route of a subgraph (not /graphql) gets: the same verified principal and access control. */
export interface RouteKit {
  subgraph: string;
  log: Logger;
  /** Verifies the gateway's identity header (401 UnauthenticatedError otherwise), then forks an EntityManager. */
  requestContext(req: IncomingMessage): Promise<Omit<RequestContext<never>, 'loaders' | 'peers'>>;
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
  createLoaders: (em: EntityManager, access: AccessControl, peers: Peers) => TLoaders;
  isDev: boolean;
  identitySecret: string;
  /** The policy's access control unless told otherwise (the benchmark's allow-all comparison lives in bench/). */
  accessControl?: AccessControlFactory;
  log?: Logger;
  /** Extra HTTP routes (`METHOD /path`, `:name` segments allowed), besides /graphql, /health and /ready. */
  routes?: (kit: RouteKit) => Record<string, Route>;
  /** Where the other subgraphs answer, read at each call (so a test can fill it in as they start). */
  peers?: PeerUrls;
}): Promise<SubgraphServer> {
  const log = opts.log ?? createLogger(opts.name);
  const metrics = createMetrics(opts.name);
  metrics.observeDbPool(() => knexPoolSample(opts.orm));
  const apollo = new ApolloServer<RequestContext<TLoaders>>({
    schema: opts.schema,
    // SIGTERM is handled by runSubgraph, which drains in-flight requests first; Apollo's own handler would stop them.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: opts.isDev,
    // A database that cannot be reached is a fault (SERVICE_UNAVAILABLE at the path), not a bug.
    formatError: withDatabaseFaults(createFormatError(log, opts.isDev)),
    introspection: opts.isDev,
    plugins: [
      // No tracing and no cache hints here: each would wrap every field resolver (10-16% of subgraph CPU, measured).
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      {
        // Fail closed: if the audit entry cannot be written, the data is not sent.
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, document, schema, request }) {
              const fingerprint = request.http?.headers.get('idempotency-key')
                ? createHash('sha256').update(JSON.stringify([request.query ?? '', request.variables ?? {}])).digest('hex')
                : undefined;
              contextValue?.access?.declare(requestedCoordinates(schema, document), fingerprint);
            },
            async willSendResponse({ contextValue, response }) {
              if (!contextValue?.access) return;
              try {
                await contextValue.access.flushAudit();
              } catch (err) {
                // A write's own entry went with its transaction: a committed write is never reported as failed.
                metrics.auditWriteFailures.inc();
                if (contextValue.access.audit.wroteAny) {
                  log.error({ err: loggableError(err), requestId: contextValue.requestId }, 'audit of the reads after a committed write failed');
                  return;
                }
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
  const createAccess = opts.accessControl ?? AccessControl.create;
  const requestContext = async (req: IncomingMessage) => {
    const principal = await verifyIdentity(req.headers[IDENTITY_HEADER], opts.identitySecret);
    const em = opts.orm.em.fork() as EntityManager;
    const requestId = hubRequestId(req.headers['x-request-id']);
    const correlationId = boundedHeader(req.headers['x-correlation-id']);
    const idempotencyKey = boundedHeader(req.headers['idempotency-key']);
    const access = await createAccess(principal, em, { subgraph: opts.name, requestId, correlationId, idempotencyKey });
    return { em, log: log.child({ requestId }), requestId, principal, access };
  };
  const http = createHttpServer({
    apollo,
    log,
    metrics,
    // Only the gateway (and the children subgraph, for the chronology) calls a subgraph, with a signed identity.
    maxBodyBytes: INTERNAL_MAX_BODY_BYTES,
    adoptRequestId: true,
    context: async (req) => {
      const { em, requestId, principal, access } = await requestContext(req);
      for (const group of String(req.headers[DENIED_HEADER] ?? '').split(',')) {
        if (group in FIELD_GROUPS) access.audit.groupDenied(group);
      }
      const correlationId = boundedHeader(req.headers['x-correlation-id']);
      const peers = createPeers(opts.peers ?? {}, {
        [IDENTITY_HEADER]: String(req.headers[IDENTITY_HEADER]),
        'x-request-id': requestId,
        ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
      });
      return { em, loaders: opts.createLoaders(em, access, peers), log: log.child({ requestId }), requestId, principal, access, peers };
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
