import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Statement texts are few (one per role shape and list filter); past this many, new ones run unnamed. */
const MAX_NAMED = 500;
const names = new Map<string, string>();

function nameOf(sql: string): string | undefined {
  let name = names.get(sql);
  if (!name && names.size < MAX_NAMED) {
    name = `cg_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * Runs one of the access statements every request makes (scope check, audit entries, agreement) as a named,
 * prepared statement: PostgreSQL parses and plans it once per connection instead of once per request.
 * Under MikroORM's surface because its `execute` inlines every parameter into the SQL text, which makes each
 * statement new to the server (planning was 0.35 ms of PostgreSQL CPU per scope check, measured in
 * bench/ANALYSIS.md); knex's documented `options()` passes the `name` through to the pg driver.
 * `?` placeholders as in `execute`; arrays travel as PostgreSQL array literals. A statement whose result has
 * `*` columns must not be named (`named: false`): a migration that adds a column would make its cached plan fail.
 */
export async function runPrepared<T = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[],
  opts: { inTransaction?: boolean; named?: boolean } = {},
): Promise<T[]> {
  const name = opts.named === false ? undefined : nameOf(sql);
  const query = em.getConnection().getKnex().raw(sql, params as never);
  if (name) query.options({ name });
  const tx = opts.inTransaction ? em.getTransactionContext() : undefined;
  if (tx) query.transacting(tx);
  // Counted and logged like every other statement (tests count statements per request through this logger).
  em.config.getLogger().logQuery({ query: sql, level: 'info' });
  const result = (await query) as { rows: T[] };
  return result.rows;
}
