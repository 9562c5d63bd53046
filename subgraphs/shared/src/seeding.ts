import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityName } from '@mikro-orm/core';

/** Multi-row inserts, chunked below PostgreSQL's 65,535 bind-parameter limit. */
export async function insertAll<T extends object>(em: EntityManager, entity: EntityName<T>, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).length;
  const chunk = Math.max(1, Math.floor(60_000 / columns));
  for (let i = 0; i < rows.length; i += chunk) {
    await em.insertMany(entity, rows.slice(i, i + chunk) as never[]);
  }
}
