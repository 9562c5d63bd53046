import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CodeList } from '@caregraph/schema';
import type { AccessControl } from './access/access-control.js';
import { chronologyEvent, type ChronologyDomain, type ChronologyEvent, type ChronologyKind } from './chronology.js';

interface EventRow { child_id: string; date: string; kind: ChronologyKind; item_type: string; item_id: string; title: string; body: string | null }

/** What a subgraph declares about its dated events; the loader below does the rest. */
export interface DomainEvents<K extends ChronologyKind> {
  domain: ChronologyDomain;
  /** Each kind, and the field whose permission decides whether a reader sees it. */
  sources: Record<K, string>;
  /**
   * One SELECT per kind giving (child_id, day, kind, item_type, item_id, title, body) for the children in
   * `any(?::uuid[])` (its only placeholder); `allows` answers for any further field a body depends on.
   */
  branches: Record<K, (allows: (coordinate: string) => boolean) => string>;
  /** Code lists the SQL reads meanings from, as `meaning.<name> ->> code`. */
  meanings: Record<string, CodeList>;
}

/**
 * A subgraph's part of a child's chronology, per request. On first use (so a request that asks for no
 * events audits nothing) it decides which kinds this reader may see (once per request, through `AccessControl.field`); then every batch of
 * children is ONE `union all` statement over the allowed kinds only, ordered per child by date then id.
 */
export function createDomainEventsLoader<K extends ChronologyKind>(
  em: EntityManager,
  access: AccessControl,
  spec: DomainEvents<K>,
): DataLoader<string, ChronologyEvent[]> {
  const allows = (coordinate: string) => access.field(coordinate);
  // The statement depends only on what this reader may see: built on the first batch, reused for the others.
  let statement: { kinds: K[]; sql: string } | undefined;
  const statementFor = () => {
    // Once per source field (several kinds may come from one field), in the order the sources are declared.
    const readable = new Set([...new Set(Object.values<string>(spec.sources))].filter(allows));
    const kinds = (Object.keys(spec.sources) as K[]).filter((k) => readable.has(spec.sources[k]));
    const meanings = Object.keys(spec.meanings).map((name) => `?::jsonb as ${name}`).join(', ');
    const sql = `with meaning as (select ${meanings}),
events (child_id, day, kind, item_type, item_id, title, body) as (${kinds.map((k) => spec.branches[k](allows)).join('\n  union all')})
select child_id, to_char(day, 'YYYY-MM-DD') as date, kind, item_type, item_id, title, body
  from events
 order by child_id, day, item_type collate "C", item_id, kind collate "C"`;
    return { kinds, sql };
  };
  return new DataLoader(async (ids) => {
    const { kinds, sql } = (statement ??= statementFor());
    if (kinds.length === 0) return ids.map(() => []);
    const childIds = `{${ids.join(',')}}`;
    const rows: EventRow[] = await em.getConnection().execute(sql, [
      ...Object.values(spec.meanings).map((list) => JSON.stringify(list)),
      ...kinds.map(() => childIds),
    ]);
    const byChild = new Map<string, ChronologyEvent[]>(ids.map((id) => [id, []]));
    for (const r of rows) {
      byChild.get(r.child_id)?.push(
        chronologyEvent({ date: r.date, kind: r.kind, domain: spec.domain, title: r.title, body: r.body, itemType: r.item_type, itemId: r.item_id }),
      );
    }
    return ids.map((id) => byChild.get(id)!);
  });
}
