import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { ChildStory } from '@caregraph/demo';
import { loadSubgraphConfig } from './config.js';
import { createLogger } from './logger.js';
import { createOrm, migrate, type OrmSettings } from './orm.js';
import { createSubgraphServer, type SubgraphServer } from './server.js';

/** Everything that makes one subgraph: the four subgraphs differ only in this. */
export interface SubgraphDefinition<TLoaders = unknown> {
  name: string;
  defaultPort: number;
  ormSettings(databaseUrl: string, onQuery?: (sql: string) => void): OrmSettings;
  buildSchema(): Promise<GraphQLSchema>;
  createLoaders(em: EntityManager): TLoaders;
  /** Writes this subgraph's part of each demo life story, with multi-row inserts. */
  seedDemo(em: EntityManager, stories: ChildStory[]): Promise<void>;
}

export interface RunningSubgraph {
  orm: MikroORM;
  server: SubgraphServer;
  schema: GraphQLSchema;
}

export async function createSubgraph<T>(
  def: SubgraphDefinition<T>,
  opts: { databaseUrl: string; isDev?: boolean; onQuery?: (sql: string) => void; logLevel?: string },
): Promise<RunningSubgraph> {
  const orm = await createOrm(def.ormSettings(opts.databaseUrl, opts.onQuery));
  const schema = await def.buildSchema();
  const server = await createSubgraphServer({
    name: def.name,
    schema,
    orm,
    createLoaders: def.createLoaders,
    isDev: opts.isDev ?? false,
    log: createLogger(def.name, opts.logLevel ?? 'info'),
  });
  return { orm, server, schema };
}

export async function migrateSubgraph(def: SubgraphDefinition, databaseUrl: string): Promise<string[]> {
  const settings = def.ormSettings(databaseUrl);
  const orm = await createOrm(settings);
  try {
    return await migrate(orm);
  } finally {
    await orm.close(true);
  }
}

/** Process entry of a subgraph: config from the environment, migrate, listen, stop cleanly on SIGINT/SIGTERM. */
export async function runSubgraph(def: SubgraphDefinition): Promise<void> {
  const config = loadSubgraphConfig(def.name, def.defaultPort);
  const log = createLogger(def.name, config.logLevel);
  await migrateSubgraph(def, config.databaseUrl);
  const sg = await createSubgraph(def, { databaseUrl: config.databaseUrl, isDev: config.isDev, logLevel: config.logLevel });
  const port = await sg.server.listen(config.port, config.host);
  log.info({ port }, 'subgraph listening');
  const stop = async () => {
    await sg.server.stop();
    await sg.orm.close(true);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
