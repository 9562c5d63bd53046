import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ROW_RULES, type Principal } from '@caregraph/schema';
import { CodedError } from '../errors.js';
import { runPrepared } from './prepared.js';

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
export function createScopeLoader(
  em: EntityManager,
  principal: Principal,
  condition: ScopeCondition,
  audit?: { entries: (source: string) => { sql: string; params: unknown[] } | null; written: (childIds: string[]) => void },
): DataLoader<string, boolean> {
  return new DataLoader(async (ids) => {
    if (condition === 'none') return ids.map(() => false);
    if (condition === 'self') return ids.map((id) => ROW_RULES.ownRecord(principal, id));
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return ids.map(() => false);
    const visibleSql = `select distinct r.child_id from "access"."relationship" r where r.child_id = any(?::uuid[]) and ${condition.sql}`;
    const params = [`{${valid.join(',')}}`, ...condition.params];
    // The read entries of the visible children go in the same statement (one round trip and one commit, not two):
    // if they cannot be written, the check fails and nothing is read.
    const insert = audit?.entries('visible');
    const rows = insert
      ? await runPrepared<{ child_id: string }>(
          em,
          `with visible as (${visibleSql}), logged as (${insert.sql} returning 1) select child_id from visible`,
          [...params, ...insert.params],
        ).catch((err: unknown) => {
          void err; // its message may quote values: the code says enough
          throw new CodedError('SERVICE_UNAVAILABLE', 'The audit trail is unavailable, so no record can be read');
        })
      : await runPrepared<{ child_id: string }>(em, visibleSql, params);
    const visible = rows.map((r) => r.child_id);
    if (insert) audit!.written(visible);
    const set = new Set(visible);
    return ids.map((id) => set.has(id));
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
