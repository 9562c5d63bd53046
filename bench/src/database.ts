import 'reflect-metadata';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { migrateSubgraph } from '@caregraph/kit';
import { freePort, startEmbeddedPostgres } from '../../scripts/dist/embedded-postgres.js';
import { seedDemoData } from '../../scripts/dist/seed.js';
import { SUBGRAPH_DEFINITIONS } from '../../scripts/dist/subgraphs.js';
import { findPostmaster } from './procs.js';

export interface BenchPostgres {
  port: number;
  postmaster: number | null;
  /** The URL of a database on this server. */
  urlOf(database: string): string;
  /** Connected to the `postgres` database, where pg_stat_statements is read. */
  admin: pg.Pool;
  stop(): Promise<void>;
}

/**
 * Settings for the bench's server, besides pg_stat_statements: room to seed 100,000 children (about 10
 * million rows) without checkpoints in the middle, and a buffer cache that holds the indexes being filled
 * (seeding 100k: 204 s of PostgreSQL CPU with the defaults, 160 s with these). The rest stays at the defaults.
 */
export const POSTGRES_SETTINGS: Record<string, string> = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.max': '20000',
  shared_buffers: '2GB',
  max_wal_size: '16GB',
  checkpoint_timeout: '1h',
  wal_buffers: '64MB',
};

/**
 * A fresh embedded PostgreSQL (the same binaries as `npm start`) with pg_stat_statements loaded, so the
 * SQL statements each request costs are counted by the server itself.
 */
export async function startBenchPostgres(dir: string): Promise<BenchPostgres> {
  rmSync(dir, { recursive: true, force: true });
  const port = await freePort();
  const first = await startEmbeddedPostgres({ dir, port, database: 'bench', persistent: true });
  const setup = new pg.Client({ connectionString: first.url });
  await setup.connect();
  for (const [name, value] of Object.entries(POSTGRES_SETTINGS)) await setup.query(`alter system set ${name} = '${value}'`);
  await setup.end();
  await first.stop();
  // Not persistent now: stopping removes the data directory.
  const db = await startEmbeddedPostgres({ dir, port, database: 'bench', persistent: false });
  const urlOf = (database: string) => {
    const url = new URL(db.url);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const admin = new pg.Pool({ connectionString: urlOf('postgres'), max: 2 });
  await admin.query('create extension if not exists pg_stat_statements');
  return {
    port,
    postmaster: findPostmaster(port),
    urlOf,
    admin,
    async stop() {
      await admin.end();
      await db.stop();
    },
  };
}

export interface Dataset {
  children: number;
  database: string;
  url: string;
  seedSeconds: number;
  rows: number;
}

/** A new database with the four subgraphs' migrations and `children` demo life stories (seeding timed). */
export async function createDataset(server: BenchPostgres, children: number): Promise<Dataset> {
  const database = `bench_${children}`;
  await server.admin.query(`drop database if exists ${database} with (force)`);
  await server.admin.query(`create database ${database}`);
  const url = server.urlOf(database);
  for (const def of SUBGRAPH_DEFINITIONS) await migrateSubgraph(def, url);
  const started = process.hrtime.bigint();
  await seedDemoData(url, children);
  const seedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // As a live database would be: vacuumed and analysed, so autovacuum does not wake up in the middle of a load run,
  // and checkpointed, so the pages the seed dirtied are written now rather than during the first measured runs
  // (at 100k, without it, the first two runs after the seed paid 1.5x the CPU per request in every tier).
  await client.query('vacuum (analyze)');
  await client.query('checkpoint');
  const { rows } = await client.query<{ n: string }>(
    `select sum(n_live_tup)::bigint as n from pg_stat_user_tables where schemaname in ('children', 'placements', 'education', 'health', 'access')`,
  );
  await client.end();
  return { children, database, url, seedSeconds, rows: Number(rows[0]?.n ?? 0) };
}

/** Statements the server has executed in one database so far (pg_stat_statements, top-level, utility included). */
export async function statementsSoFar(server: BenchPostgres, database: string): Promise<number> {
  const { rows } = await server.admin.query<{ n: string | null }>(
    `select sum(calls)::bigint as n from pg_stat_statements where dbid = (select oid from pg_database where datname = $1)`,
    [database],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Clears pg_stat_statements, so a run's statements can be read on their own afterwards. */
export async function resetStatements(server: BenchPostgres): Promise<void> {
  await server.admin.query('select pg_stat_statements_reset()');
}

export interface StatementCost {
  calls: number;
  total_ms: number;
  mean_ms: number;
  query: string;
}

/** The statements that took the most server time in one database since the last reset. */
export async function topStatements(server: BenchPostgres, database: string, limit = 6): Promise<StatementCost[]> {
  const { rows } = await server.admin.query<{ calls: string; total: number; mean: number; query: string }>(
    `select calls, total_exec_time as total, mean_exec_time as mean, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query
       from pg_stat_statements where dbid = (select oid from pg_database where datname = $1) order by total_exec_time desc limit $2`,
    [database, limit],
  );
  const r2 = (n: number) => Math.round(n * 100) / 100;
  return rows.map((r) => ({ calls: Number(r.calls), total_ms: r2(r.total), mean_ms: r2(r.mean), query: r.query }));
}
