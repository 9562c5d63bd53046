import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { insertAll } from '../seeding.js';

/** Values as one PostgreSQL array literal (bound as one text parameter and cast: knex would spread a JS array). */
export function pgArray(values: unknown[]): string {
  return `{${values.map((v) => (v == null ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

/** A column of a bulk update: its name and the PostgreSQL type its values are cast to. */
export interface Column {
  name: string;
  type: string;
}

/**
 * Updates many rows in one statement, in the caller's transaction: `rows` are [key, ...values] in the order of
 * `key` and `columns`; each column's values go as one array parameter (`unnest`), so the SQL text stays short.
 */
export async function updateRows(em: EntityManager, table: string, key: Column, columns: Column[], rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const all = [key, ...columns];
  const sets = columns.map((c) => `"${c.name}" = v."${c.name}"`).join(', ');
  const arrays = all.map((c) => `?::${c.type}[]`).join(', ');
  const names = all.map((c) => `"${c.name}"`).join(', ');
  await em.getConnection().execute(
    `update ${table} t set ${sets} from unnest(${arrays}) as v(${names}) where t."${key.name}" = v."${key.name}"`,
    all.map((_, i) => pgArray(rows.map((r) => r[i] ?? null))),
    'run',
    em.getTransactionContext(),
  );
}

/** Rows of `table` for these children (one statement), for the writers' comparison with what a return says. */
export async function rowsOf<T>(em: EntityManager, sql: string, childIds: string[]): Promise<T[]> {
  if (childIds.length === 0) return [];
  return em.getConnection().execute(sql, [pgArray(childIds)], 'all', em.getTransactionContext()) as Promise<T[]>;
}

/** What a writer did to each child it was given: the ids of the children it changed. */
export type Changed = Set<string>;

/** A row's values equal (dates as YYYY-MM-DD text, null and undefined alike). */
export function sameValues(a: Record<string, unknown>, b: Record<string, unknown>, keys: string[]): boolean {
  return keys.every((k) => norm(a[k]) === norm(b[k]));
}

function norm(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v;
}

export interface DatedRow { childId: string; date: string; values: unknown[] }

/** Inserts the rows with no row of the same child and date yet, updates those that differ; the rest are unchanged. */
export async function upsertDated(
  em: EntityManager,
  changed: Changed,
  spec: {
    table: string;
    entity: object;
    dateColumn: string;
    ids: string[];
    where?: string;
    compare: { name: string; type: string }[];
    rows: DatedRow[];
    build(row: DatedRow, id: string): object;
  },
): Promise<{ inserted: DatedRow[]; updated: DatedRow[]; ids: Map<string, string> }> {
  const names = spec.compare.map((c) => `"${c.name}"`).join(', ');
  const existing = await rowsOf<Record<string, unknown> & { id: string; child_id: string }>(em,
    `select id, child_id, "${spec.dateColumn}" as on_date, ${names} from ${spec.table} where child_id = any(?::uuid[])${spec.where ? ` and ${spec.where}` : ''}`, spec.ids);
  const byKey = new Map(existing.map((r) => [`${r.child_id}|${r.on_date as string}`, r]));
  /** Every row's id by `childId|date`, found or new. */
  const ids = new Map(existing.map((r) => [`${r.child_id}|${r.on_date as string}`, r.id]));
  const inserts = [];
  const inserted: DatedRow[] = [];
  const updated: DatedRow[] = [];
  const updates: unknown[][] = [];
  for (const row of spec.rows) {
    const found = byKey.get(`${row.childId}|${row.date}`);
    if (!found) {
      const id = randomUUID();
      ids.set(`${row.childId}|${row.date}`, id);
      inserts.push(spec.build(row, id));
      inserted.push(row);
    } else {
      const want = Object.fromEntries(spec.compare.map((c, i) => [c.name, row.values[i]]));
      if (sameValues(found, want, Object.keys(want))) continue;
      updates.push([found.id, ...row.values]);
      updated.push(row);
    }
    changed.add(row.childId);
  }
  // Updates first: closing an open row must come before inserting the row that is open now (one open per child).
  await updateRows(em, spec.table, { name: 'id', type: 'uuid' }, spec.compare, updates);
  await insertAll(em, spec.entity as never, inserts);
  return { inserted, updated, ids };
}

/** One row per child (keyed by `child_id`): inserted when absent, updated when it differs, else unchanged. */
export async function upsertOne(
  em: EntityManager,
  changed: Changed,
  spec: {
    table: string;
    entity: object;
    /** Children that may already have a row (those created by the import have none). */
    ids: string[];
    compare: Column[];
    rows: { childId: string; values: unknown[] }[];
    build(row: { childId: string; values: unknown[] }): object;
  },
): Promise<void> {
  const names = spec.compare.map((c) => `"${c.name}"`).join(', ');
  const existing = new Map((await rowsOf<Record<string, unknown> & { child_id: string }>(em,
    `select child_id, ${names} from ${spec.table} where child_id = any(?::uuid[])`, spec.ids)).map((r) => [r.child_id, r]));
  const inserts = [];
  const updates: unknown[][] = [];
  for (const row of spec.rows) {
    const found = existing.get(row.childId);
    if (!found) inserts.push(spec.build(row));
    else if (!sameValues(found, Object.fromEntries(spec.compare.map((c, i) => [c.name, row.values[i]])), spec.compare.map((c) => c.name))) updates.push([row.childId, ...row.values]);
    else continue;
    changed.add(row.childId);
  }
  await updateRows(em, spec.table, { name: 'child_id', type: 'uuid' }, spec.compare, updates);
  await insertAll(em, spec.entity as never, inserts);
}
