import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ROW_RULES, type Principal } from '@caregraph/schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** SQL true when `access.relationship` row `r` puts a child in scope now; `self` is the care leaver's own record. */
export type ScopeCondition = { sql: string; params: string[] } | 'self' | 'none';

/** The principal's scope (row rule "scope") as a condition on the relationship tuples. */
export function scopeConditionOf(principal: Principal): ScopeCondition {
  const scope = ROW_RULES.scope(principal);
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
export function createScopeLoader(em: EntityManager, principal: Principal, condition: ScopeCondition): DataLoader<string, boolean> {
  return new DataLoader(async (ids) => {
    if (condition === 'none') return ids.map(() => false);
    if (condition === 'self') return ids.map((id) => ROW_RULES.ownRecord(principal, id));
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
export function scopeFilter(principal: Principal, column: string, condition: ScopeCondition): { sql: string; params: string[] } {
  if (condition === 'none') return { sql: 'false', params: [] };
  if (condition === 'self') {
    const own = principal.childId && ROW_RULES.ownRecord(principal, principal.childId) ? principal.childId : '00000000-0000-0000-0000-000000000000';
    return { sql: `${column} = ?`, params: [own] };
  }
  return {
    sql: `exists (select 1 from "access"."relationship" r where r.child_id = ${column} and ${condition.sql})`,
    params: condition.params,
  };
}
