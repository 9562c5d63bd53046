import { MikroORM, type Options } from '@mikro-orm/postgresql';
import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';

export interface OrmSettings {
  databaseUrl: string;
  /** The PostgreSQL schema this subgraph owns; no other subgraph reads it. */
  schema: string;
  entities: NonNullable<Options['entities']>;
  migrations: MigrationObject[];
  /** Called with every SQL statement (tests count them; the benchmark reports them). */
  onQuery?: (sql: string) => void;
  poolMax?: number;
}

export function ormOptions(s: OrmSettings): Options {
  return {
    clientUrl: s.databaseUrl,
    schema: s.schema,
    entities: s.entities,
    // The shared access store is migrated with raw SQL and has no entities.
    discovery: { warnWhenNoEntities: s.entities.length > 0 },
    extensions: [Migrator],
    migrations: {
      migrationsList: s.migrations,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    // Every request works on its own fork; a global identity map would mix users' data.
    allowGlobalContext: false,
    pool: { min: 0, max: s.poolMax ?? 10 },
    colors: false,
    debug: s.onQuery ? ['query'] : false,
    logger: s.onQuery ?? (() => undefined),
  };
}

export async function createOrm(s: OrmSettings): Promise<MikroORM> {
  return MikroORM.init(ormOptions(s));
}

/** Brings this subgraph's schema to the latest committed migration, in one transaction (the migrator keeps its table in that schema). */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const done = await orm.getMigrator().up();
  return done.map((m) => m.name);
}
