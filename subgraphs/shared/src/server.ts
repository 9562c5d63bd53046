import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { createFormatError } from './format-error.js';
import { close, createHttpServer, listen, sendJson } from './http.js';
import { createLogger, type Logger } from './logger.js';

/** What every resolver of every subgraph receives: one EntityManager fork and one set of loaders per request. */
export interface RequestContext<TLoaders> {
  em: EntityManager;
  loaders: TLoaders;
  log: Logger;
  requestId: string;
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
  createLoaders: (em: EntityManager) => TLoaders;
  isDev: boolean;
  log?: Logger;
}): Promise<SubgraphServer> {
  const log = opts.log ?? createLogger(opts.name);
  const apollo = new ApolloServer<RequestContext<TLoaders>>({
    schema: opts.schema,
    includeStacktraceInErrorResponses: opts.isDev,
    formatError: createFormatError(log, opts.isDev),
    introspection: opts.isDev,
    // No Apollo Studio here: tracing costs CPU on every field.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const http = createHttpServer({
    apollo,
    context: async (req) => {
      const em = opts.orm.em.fork() as EntityManager;
      const requestId = String(req.headers['x-request-id'] ?? randomUUID());
      return { em, loaders: opts.createLoaders(em), log: log.child({ requestId }), requestId };
    },
    routes: {
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
