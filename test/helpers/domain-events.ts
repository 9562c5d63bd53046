import type { SubgraphDefinition } from '@caregraph/kit';
import pg from 'pg';
import type { Principal } from '@caregraph/schema';
import { startTestSubgraph, type TestSubgraph } from './subgraph.js';
import type { GraphQLResponse } from './http.js';

/** One chronology event as a subgraph's `<domain>Events` field answers it. */
export interface Event { id: string; date: string; kind: string; domain: string; title: string; body: string | null; itemType: string; itemId: string; redactions: unknown[] }

export const reps = (...ids: string[]) => ({ representations: ids.map((id) => ({ __typename: 'Child', id })) });
export const kindsOf = (events: Event[]) => [...new Set(events.map((e) => e.kind))].sort();
export const byDateThenId = (a: Event, b: Event) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** A date column as the events give it (`YYYY-MM-DD`), under its own name. */
export const ymd = (column: string) => `to_char(${column}, 'YYYY-MM-DD') as ${column}`;

/** Statements other than the scope check and the audit write (those are counted by the scope tests). */
export const ownStatements = (t: TestSubgraph) =>
  t.sql.filter((s) => !s.includes('"access"."relationship"') && !s.includes('"audit"."access_event"'));

/**
 * A subgraph's part of the chronology under test: content with authorization off (`sg`), permissions with a
 * second server, enforced, on the same database (`enforced`), and a client on that database (`db`).
 */
export interface DomainEventsHarness {
  sg: TestSubgraph;
  enforced: TestSubgraph;
  db: pg.Client;
  /** The `_entities` query for the events field. */
  EVENTS: string;
  eventsOf(r: Promise<GraphQLResponse>): Promise<Event[][]>;
  /** One child's events as `who`, through the enforced server (its SQL log reset first). */
  eventsAs(who: Principal, childId: string): Promise<Event[]>;
  /** Puts children in a scope: a relationship valid since yesterday. */
  insertTuple(relation: string, subject: string, childIds: string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startDomainEvents(def: SubgraphDefinition, field: string, stories: number): Promise<DomainEventsHarness> {
  const sg = await startTestSubgraph(def, { stories });
  const enforced = await startTestSubgraph(def, { databaseUrl: sg.databaseUrl, authorization: 'enforced' });
  const db = new pg.Client({ connectionString: sg.databaseUrl });
  await db.connect();
  const EVENTS = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Child {
  id ${field} { id date kind domain title body itemType itemId redactions { content exemption explanation } }
} } }`;
  const eventsOf = async (r: Promise<GraphQLResponse>): Promise<Event[][]> => {
    const res = await r;
    expect(res.errors).toBeUndefined();
    return res.data?._entities.map((c: Record<string, Event[]>) => c[field]);
  };
  return {
    sg,
    enforced,
    db,
    EVENTS,
    eventsOf,
    async eventsAs(who, childId) {
      enforced.sql.length = 0;
      const [events] = await eventsOf(enforced.queryAs(who, EVENTS, reps(childId)));
      return events!;
    },
    async insertTuple(relation, subject, childIds) {
      await db.query(
        `insert into "access"."relationship" (relation, subject, child_id, valid_from, written_by)
         select $1, $2, id, now() - interval '1 day', 'test' from unnest($3::uuid[]) as id`,
        [relation, subject, childIds],
      );
    },
    async stop() {
      await db.end();
      await enforced.stop();
      await sg.stop();
    },
  };
}
