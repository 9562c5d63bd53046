import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { ChildStory } from '@caregraph/demo';
import { loadSubgraphConfig } from './config.js';
import { createLogger } from './logger.js';
import { stopOnSignals } from './shutdown.js';
import { startTracing } from './tracing.js';
import { createOrm, migrate, type OrmSettings } from './orm.js';
import { createSubgraphServer, type RouteKit, type SubgraphServer } from './server.js';
import type { Route } from './http.js';
import type { AccessControl, AccessControlFactory } from './access/access-control.js';
import { peerUrlsFromEnv, type PeerUrls, type Peers } from './peers.js';
import { enforcePermissions } from './access/permissions.js';
import { accessMigrations } from './access/migrations/index.js';
import { ensureServiceRole } from './access/service-role.js';

/** Everything that makes one subgraph: the four subgraphs differ only in this. */
export interface SubgraphDefinition<TLoaders = unknown> {
  name: string;
  defaultPort: number;
  ormSettings(databaseUrl: string, onQuery?: (sql: string) => void): OrmSettings;
  buildSchema(): Promise<GraphQLSchema>;
  /** Per request; `access` lets a loader leave out what this reader may not see; `peers` calls the other subgraphs for this reader. */
  createLoaders(em: EntityManager, access: AccessControl, peers: Peers): TLoaders;
  /** Writes this subgraph's part of each demo life story (bulk `insertAll`, COPY under the seed's bulk load). */
  seedDemo(em: EntityManager, stories: ChildStory[]): Promise<void>;
  /** Non-GraphQL HTTP endpoints this subgraph serves (e.g. audio upload and playback), with the same identity checks. */
  routes?(kit: RouteKit): Record<string, Route>;
}

export interface RunningSubgraph {
  orm: MikroORM;
  server: SubgraphServer;
  schema: GraphQLSchema;
}

export async function createSubgraph<T>(
  def: SubgraphDefinition<T>,
  opts: {
    databaseUrl: string;
    identitySecret: string;
    /** The policy's access control unless told otherwise (only the benchmark's allow-all comparison does). */
    accessControl?: AccessControlFactory;
    isDev?: boolean;
    onQuery?: (sql: string) => void;
    logLevel?: string;
    /** Where the other subgraphs answer (`<NAME>_URL` from the environment, or the default ports, unless given). */
    peers?: PeerUrls;
  },
): Promise<RunningSubgraph> {
  const orm = await createOrm(def.ormSettings(opts.databaseUrl, opts.onQuery));
  const schema = enforcePermissions(await def.buildSchema());
  const server = await createSubgraphServer({
    name: def.name,
    schema,
    orm,
    createLoaders: def.createLoaders,
    isDev: opts.isDev ?? false,
    identitySecret: opts.identitySecret,
    accessControl: opts.accessControl,
    log: createLogger(def.name, opts.logLevel ?? 'info'),
    routes: def.routes?.bind(def),
    peers: opts.peers ?? peerUrlsFromEnv(),
  });
  return { orm, server, schema };
}

/**
 * Migrates the shared access store, then the subgraph's own schema, as the owner (`databaseUrl`). One connection
 * holding an advisory lock, so subgraphs starting together (containers) never migrate the shared store twice.
 * With `servicePassword`, the services' own login (service-role.ts) is then created or updated and granted
 * what a request needs, and no more.
 */
export async function migrateSubgraph(def: SubgraphDefinition, databaseUrl: string, opts: { servicePassword?: string } = {}): Promise<string[]> {
  const access = await createOrm({ databaseUrl, schema: 'access', entities: [], migrations: accessMigrations, poolMax: 1 });
  const own = await createOrm({ ...def.ormSettings(databaseUrl), poolMax: 1 });
  const lock = access.em.getConnection();
  try {
    await lock.execute('select pg_advisory_lock(7204)');
    const applied = [...(await migrate(access)), ...(await migrate(own))];
    if (opts.servicePassword) await ensureServiceRole((sql, params) => lock.execute(sql, params ?? []), opts.servicePassword);
    return applied;
  } finally {
    await lock.execute('select pg_advisory_unlock(7204)').catch(() => undefined);
    await own.close(true);
    await access.close(true);
  }
}

/**
 * Process entry of a subgraph: config from the environment, migrate, listen, stop cleanly on SIGINT/SIGTERM.
 * `accessControl` is the policy's unless told otherwise (only the benchmark's allow-all hub does, in bench/).
 */
export async function runSubgraph(def: SubgraphDefinition, opts: { accessControl?: AccessControlFactory } = {}): Promise<void> {
  const config = loadSubgraphConfig(def.name, def.defaultPort);
  const log = createLogger(def.name, config.logLevel);
  const tracing = startTracing(def.name);
  // As the owner when one is given (the service login is then the DATABASE_URL's); otherwise only checks.
  if (config.migrationDatabaseUrl) {
    await migrateSubgraph(def, config.migrationDatabaseUrl, { servicePassword: decodeURIComponent(new URL(config.databaseUrl).password) });
  } else await migrateSubgraph(def, config.databaseUrl);
  const sg = await createSubgraph(def, {
    databaseUrl: config.databaseUrl,
    identitySecret: config.identitySecret,
    accessControl: opts.accessControl,
    isDev: config.isDev,
    logLevel: config.logLevel,
  });
  const port = await sg.server.listen(config.port, config.host);
  log.info({ port, accessControl: opts.accessControl ? 'custom (benchmark only)' : 'policy' }, 'subgraph listening');
  // SIGTERM: stop accepting, let in-flight requests finish (bounded), then close the pool and exit 0.
  stopOnSignals(log, async () => {
    await sg.server.stop();
    await sg.orm.close(true);
    await tracing?.shutdown();
  });
}
