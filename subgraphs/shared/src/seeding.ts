import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityName } from '@mikro-orm/core';
import type { ClientBase } from 'pg';
import { connectionOf, CopyBuffer, copyInto, encoderFor, knexOf } from './copy.js';

type Knex = ReturnType<typeof knexOf>;

/** Column types by table, read once from the catalogue (`format_type`, so arrays and lengths are exact). */
const columnTypes = new Map<string, Promise<Map<string, string>>>();

function typesOf(knex: Knex, table: string): Promise<Map<string, string>> {
  let types = columnTypes.get(table);
  if (!types) {
    types = knex
      .raw(`select attname, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = ?::regclass and attnum > 0 and not attisdropped`, [table])
      .then((r: { rows: { attname: string; type: string }[] }) => new Map(r.rows.map((c) => [c.attname, c.type])));
    columnTypes.set(table, types);
    types.catch(() => columnTypes.delete(table));
  }
  return types;
}

/**
 * Bulk inserts for seeding: one `COPY ... FROM STDIN` per call, each value in the text form the column's
 * input function takes. Rows are plain objects keyed by entity property names (relations by the referenced
 * id), exactly what `em.insertMany` takes, and must all have the first row's properties. Going around the
 * ORM's per-row processing, and around SQL parsing altogether, is what makes seeding fast: COPY costs
 * PostgreSQL about a third of an `insert ... select from unnest(...)` of the same rows.
 * Inside `startBulkLoad`, a table's indexes and constraints are dropped on its first write and built again
 * at the end.
 */
export async function insertAll<T extends object>(em: EntityManager, entity: EntityName<T>, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const meta = em.getMetadata().get<T>(typeof entity === 'string' ? entity : (entity as { name: string }).name);
  const schema = meta.schema && meta.schema !== '*' ? meta.schema : em.config.get('schema');
  const table = schema ? `"${schema}"."${meta.tableName}"` : `"${meta.tableName}"`;
  const keys = Object.keys(rows[0]!);
  const types = await typesOf(knexOf(em), table);
  const props = meta.properties as Record<string, { fieldNames?: string[] }>;
  const columns = keys.map((key) => {
    const column = props[key]?.fieldNames?.length === 1 ? props[key]!.fieldNames![0]! : undefined;
    const type = column && types.get(column);
    if (!column || !type) throw new Error(`insertAll: ${meta.className}.${key} is not a single-column property`);
    return { key, column, encode: encoderFor(type) };
  });
  await (await bulkLoadOf(em))?.touch(em, table);
  const text = new CopyBuffer();
  for (const row of rows as Record<string, unknown>[]) {
    let line = columns[0]!.encode(row[columns[0]!.key]);
    for (let c = 1; c < columns.length; c++) line += '\t' + columns[c]!.encode(row[columns[c]!.key]);
    text.line(line + '\n');
  }
  await copyInto(em, table, columns.map((c) => c.column), text.bytes);
}

/** Index and constraint definitions taken off a table for the load, to be put back in this order. */
interface Deferred {
  indexes: string[];
  keys: string[];
  foreignKeys: string[];
}

export interface BulkLoadOptions {
  /**
   * Where `grantRelations` hands its COPY lines instead of writing them: several transactions write tuples
   * into the one relationship table, so one writer loads them all and builds its indexes once (`writeRelations`).
   */
  relations?: (lines: string) => void;
}

export interface BulkLoad {
  /** Builds every dropped index and constraint again (validating them), still in the load's transaction. */
  finish(): Promise<void>;
}

// By connection rather than EntityManager or knex: nested transactions (savepoints) share the connection.
const loads = new WeakMap<ClientBase, BulkLoadSession>();

async function bulkLoadOf(em: EntityManager): Promise<BulkLoadSession | undefined> {
  if (!em.getTransactionContext()) return undefined;
  const { connection } = await connectionOf(em);
  return loads.get(connection);
}

/** The relationship sink of the bulk load the caller's transaction is under, if any. */
export async function relationSinkOf(em: EntityManager): Promise<((lines: string) => void) | undefined> {
  return (await bulkLoadOf(em))?.relations;
}

/** Under a bulk load, takes `table`'s indexes and constraints off until `finish` if it is empty (as `insertAll` does on a first write). */
export async function deferIndexes(em: EntityManager, table: string): Promise<void> {
  await (await bulkLoadOf(em))?.touch(em, table);
}

/**
 * Bulk-load rules for the caller's transaction, until `finish`: each table that `insertAll` writes and that is
 * empty when first written loses its indexes, primary and unique keys and the foreign keys from or to it,
 * and gets them back, built in one pass each, at `finish`. Maintaining a B-tree row by row (random UUID keys
 * in particular) cost more than writing the rows; building one from sorted input costs a fraction of that,
 * and re-adding a constraint checks every row, so the data is held to the same rules. Only for a transaction
 * that owns the tables for its duration (the locks taken block other writers and readers until commit).
 */
export async function startBulkLoad(em: EntityManager, opts: BulkLoadOptions = {}): Promise<BulkLoad> {
  if (!em.getTransactionContext()) throw new Error('startBulkLoad: needs a transaction');
  const knex = knexOf(em);
  // One commit at the end: nothing gained by waiting for its WAL flush. Sorts for index builds in memory.
  await knex.raw(`set local synchronous_commit = off`);
  await knex.raw(`set local maintenance_work_mem = '256MB'`);
  const { connection } = await connectionOf(em);
  const session = new BulkLoadSession(opts.relations);
  loads.set(connection, session);
  return {
    finish: async () => {
      loads.delete(connection);
      await session.restore(em);
    },
  };
}

class BulkLoadSession {
  constructor(readonly relations?: (lines: string) => void) {}

  private readonly seen = new Set<string>();
  private readonly dropped = new Set<string>();
  private readonly deferred: Deferred = { indexes: [], keys: [], foreignKeys: [] };

  /** On a table's first write: if it is empty, takes its indexes and constraints off until `restore`. */
  async touch(em: EntityManager, table: string): Promise<void> {
    if (this.seen.has(table)) return;
    this.seen.add(table);
    const knex = knexOf(em);
    const { rows: [state] } = await knex.raw(`select not exists (select 1 from ${table}) as empty`);
    if (!state.empty) return;
    const { rows: constraints } = await knex.raw(
      `select c.conname as name, c.conrelid::regclass::text as owner, c.contype as kind, pg_get_constraintdef(c.oid) as def
         from pg_constraint c
        where (c.contype = 'f' and (c.conrelid = ?::regclass or c.confrelid = ?::regclass))
           or (c.contype in ('p', 'u', 'x') and c.conrelid = ?::regclass)
        order by c.contype = 'f' desc`,
      [table, table, table],
    );
    const { rows: indexes } = await knex.raw(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
         from pg_index i
        where i.indrelid = ?::regclass
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u', 'x'))`,
      [table],
    );
    // Foreign keys first: a key cannot go while a foreign key still refers to it.
    for (const c of constraints as { name: string; owner: string; kind: string; def: string }[]) {
      const id = `${c.owner}.${c.name}`;
      if (this.dropped.has(id)) continue;
      this.dropped.add(id);
      await knex.raw(`alter table ${c.owner} drop constraint "${c.name}"`);
      (c.kind === 'f' ? this.deferred.foreignKeys : this.deferred.keys).push(`alter table ${c.owner} add constraint "${c.name}" ${c.def}`);
    }
    for (const i of indexes as { name: string; def: string }[]) {
      await knex.raw(`drop index ${i.name}`);
      this.deferred.indexes.push(i.def);
    }
  }

  async restore(em: EntityManager): Promise<void> {
    const knex = knexOf(em);
    for (const sql of [...this.deferred.keys, ...this.deferred.indexes, ...this.deferred.foreignKeys]) await knex.raw(sql);
  }
}
