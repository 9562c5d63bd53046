import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CodeList } from '@caregraph/schema';
import type { AccessControl } from './access/access-control.js';
import { runPrepared } from './access/prepared.js';
import { chronologyEvent, eventKeySql, type ChronologyDomain, type ChronologyEvent, type ChronologyKind, type ChronologyPage, type Redaction } from './chronology.js';

/** One event as its subgraph's SQL gives it, before it becomes a `ChronologyEvent`. */
export interface EventRow {
  child_id: string;
  date: string;
  at: string | null;
  kind: ChronologyKind;
  item_type: string;
  item_id: string;
  title: string;
  body: string | null;
  /** Whatever a row rule needs (a case note's marked spans, a voice entry's audience, the date of birth). */
  extra: Record<string, unknown> | null;
  key: string;
  redactions?: Redaction[];
}

/** What a subgraph declares about its dated events; the loader below does the rest. */
export interface DomainEvents<K extends ChronologyKind> {
  domain: ChronologyDomain;
  /** Each kind, and the field whose permission decides whether a reader sees it. */
  sources: Record<K, string>;
  /**
   * One SELECT per kind giving (child_id, day, at, kind, item_type, item_id, title, body, extra) for the children
   * in `any(?::uuid[])` (its only placeholder); `mayRead` (the request's `AccessControl.field`) answers for any further field a title or body depends on.
   */
  branches: Record<K, (mayRead: (coordinate: string) => boolean) => string>;
  /** Code lists the SQL reads meanings from, as `meaning.<name> ->> code`. */
  meanings: Record<string, CodeList>;
  /**
   * Row rules applied to a batch of rows before they become events (the children subgraph's since-16, voice as
   * chosen and redaction): may drop rows and rewrite titles and bodies. A page is then refilled until it is full.
   */
  finish?: (rows: EventRow[]) => EventRow[];
}

/** A subgraph's part of a child's chronology, one page at a time. */
export type DomainEventPages = (page: ChronologyPage) => DataLoader<string, ChronologyEvent[]>;

/**
 * A subgraph's part of a child's chronology, per request. On first use (so a request that asks for no
 * events audits nothing) it decides which kinds this reader may see (once per request, through
 * `AccessControl.field`). Then each page is a keyset read: for every batch of children ONE `union all` statement
 * over the allowed kinds, with the page's bounds (dates, kinds, the cursor's key) applied in SQL and at most
 * `first` events per child, in the chronology's one order (`eventKey`). With `finish`, a child whose page lost
 * rows to a row rule is read again after its last row until the page is full or its events end.
 */
export function createDomainEventsLoader<K extends ChronologyKind>(em: EntityManager, access: AccessControl, spec: DomainEvents<K>): DomainEventPages {
  const mayRead = (coordinate: string) => access.field(coordinate);
  let statement: { kinds: K[]; sql: string } | undefined;
  const statementFor = () => {
    const readable = new Set([...new Set(Object.values<string>(spec.sources))].filter(mayRead));
    const kinds = (Object.keys(spec.sources) as K[]).filter((k) => readable.has(spec.sources[k]));
    const meanings = Object.keys(spec.meanings).map((name) => `?::jsonb as ${name}`).join(', ');
    const sql = `with meaning as (select ${meanings || 'null as none'}),
events (child_id, day, at, kind, item_type, item_id, title, body, extra) as (${kinds.map((k) => spec.branches[k](mayRead)).join('\n  union all')}),
keyed as (
  select e.*, ${eventKeySql(spec.domain)} as key
    from events e
   where e.day is not null and (?::date is null or e.day >= ?::date) and (?::date is null or e.day <= ?::date) and (?::text[] is null or e.kind = any(?::text[]))
),
ranked as (
  select k.*, row_number() over (partition by k.child_id order by k.key collate "C") as n
    from keyed k join unnest(?::uuid[], ?::text[]) as p (child_id, after) on p.child_id = k.child_id
   where p.after is null or k.key collate "C" > p.after collate "C"
)
select child_id, to_char(day, 'YYYY-MM-DD') as date, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
       kind, item_type, item_id, title, body, extra, key
  from ranked where n <= ? order by child_id, key collate "C"`;
    return { kinds, sql };
  };
  const read = async (page: ChronologyPage, afters: Map<string, string | null>): Promise<EventRow[]> => {
    const { kinds, sql } = (statement ??= statementFor());
    const ids = [...afters.keys()];
    const list = `{${ids.join(',')}}`;
    // Prepared once per connection: the statement is the same for every page of this reader's kinds (planning it was
    // 1-2 ms of PostgreSQL CPU per request, more than running it).
    return runPrepared<EventRow>(em, sql, [
      ...Object.values(spec.meanings).map((l) => JSON.stringify(l)),
      ...kinds.map(() => list),
      page.from, page.from, page.to, page.to,
      page.kinds && `{${page.kinds.join(',')}}`, page.kinds && `{${page.kinds.join(',')}}`,
      list, pgTextArray(ids.map((id) => afters.get(id) ?? null)),
      page.first,
    ]);
  };
  const pages = new Map<string, DataLoader<string, ChronologyEvent[]>>();
  return (page) => {
    const cacheKey = JSON.stringify(page);
    let loader = pages.get(cacheKey);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const kept = new Map<string, EventRow[]>(ids.map((id) => [id, []]));
        if ((statement ??= statementFor()).kinds.length > 0) {
          let pending = new Map<string, string | null>(ids.map((id) => [id, page.after]));
          while (pending.size > 0) {
            const rows = await read(page, pending);
            const byChild = groupBy(rows, (r) => r.child_id);
            const next = new Map<string, string | null>();
            for (const [childId, raw] of byChild) {
              const keep = kept.get(childId)!;
              keep.push(...(spec.finish ? spec.finish(raw) : raw));
              // A full read that lost rows to a row rule may have more after it.
              if (raw.length === page.first && keep.length < page.first) next.set(childId, raw.at(-1)!.key);
            }
            pending = next;
          }
        }
        return ids.map((id) => kept.get(id)!.slice(0, page.first).map((r) => toEvent(spec.domain, r)));
      });
      pages.set(cacheKey, loader);
    }
    return loader;
  };
}

function toEvent(domain: ChronologyDomain, r: EventRow): ChronologyEvent {
  return chronologyEvent({
    date: r.date, at: r.at ? new Date(r.at) : null, kind: r.kind, domain, title: r.title, body: r.body, itemType: r.item_type, itemId: r.item_id,
    redactions: r.redactions,
  });
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** A PostgreSQL text[] literal (keys hold no quotes or backslashes; NULL for none). */
function pgTextArray(values: (string | null)[]): string {
  return `{${values.map((v) => (v == null ? 'NULL' : `"${v}"`)).join(',')}}`;
}
