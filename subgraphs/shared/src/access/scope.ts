import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SCOPES, type Principal } from '@caregraph/schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** SQL that is true when `access.relationship` row `r` puts the child in this principal's scope now. */
export function relationCondition(principal: Principal): { sql: string; params: string[] } | 'self' | 'none' {
  const scope = SCOPES[principal.role];
  if (scope.kind !== 'relations') return scope.kind;
  const pairs: [string, string][] = [];
  for (const rule of scope.any) {
    const subject = rule.subject(principal);
    if (subject !== undefined) pairs.push([rule.relation, subject]);
  }
  if (pairs.length === 0) return 'none';
  return {
    sql: `r.valid_from <= now() and (r.valid_to is null or r.valid_to > now()) and (${pairs.map(() => '(r.relation = ? and r.subject = ?)').join(' or ')})`,
    params: pairs.flat(),
  };
}

/**
 * "May this principal see child X now?", for every subgraph: one SQL statement per batch of children,
 * against the relationship tuples the owning subgraphs keep current.
 */
export function createScopeLoader(em: EntityManager, principal: Principal): DataLoader<string, boolean> {
  const condition = relationCondition(principal);
  return new DataLoader(async (ids) => {
    if (condition === 'none') return ids.map(() => false);
    if (condition === 'self') return ids.map((id) => id === principal.childId);
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return ids.map(() => false);
    const rows: { child_id: string }[] = await em.getConnection().execute(
      `select distinct r.child_id from "access"."relationship" r where r.child_id = any(?::uuid[]) and ${condition.sql}`,
      [`{${valid.join(',')}}`, ...condition.params],
    );
    const visible = new Set(rows.map((r) => r.child_id));
    return ids.map((id) => visible.has(id));
  });
}

/** A WHERE fragment restricting `column` (a child id) to the principal's scope, for list queries. */
export function scopeFilter(principal: Principal, column: string): { sql: string; params: string[] } {
  const condition = relationCondition(principal);
  if (condition === 'none') return { sql: 'false', params: [] };
  if (condition === 'self') return { sql: `${column} = ?`, params: [principal.childId ?? '00000000-0000-0000-0000-000000000000'] };
  return {
    sql: `exists (select 1 from "access"."relationship" r where r.child_id = ${column} and ${condition.sql})`,
    params: condition.params,
  };
}
