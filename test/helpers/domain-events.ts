import type { SubgraphDefinition } from '@caregraph/kit';
import pg from 'pg';
import type { Principal } from '@caregraph/schema';
import { startTestSubgraph, type TestSubgraph } from './subgraph.js';
import type { GraphQLResponse } from './http.js';

/** One chronology event as a subgraph's `<domain>Events` field answers it. */
export interface Event { id: string; date: string; kind: string; domain: string; title: string; body: string | null; itemType: string; itemId: string; redactions: unknown[] }

export const reps = (...ids: string[]) => ({ representations: ids.map((id) => ({ __typename: 'Child', id })) });
export const kindsOf = (events: Event[]) => [...new Set(events.map((e) => e.kind))].sort();
/**
 * The chronology's order within one subgraph (issue 11), written from the spec: by date; within a day coming into
 * care first, then legal status, an ending before the next start (placement, then school), leaving care last, the
 * rest between; then by event id. (The events of one subgraph compared here carry no time of day.)
 */
const SAME_DAY: Record<string, number> = { ENTERED_CARE: 10, LEGAL_STATUS_CHANGED: 20, PLACEMENT_ENDED: 30, PLACEMENT_STARTED: 40, SCHOOL_LEFT: 50, SCHOOL_STARTED: 60, LEFT_CARE: 90 };
const sameDay = (e: Event) => SAME_DAY[e.kind] ?? 70;
export const byDateThenId = (a: Event, b: Event) =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : sameDay(a) !== sameDay(b) ? sameDay(a) - sameDay(b) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
/** A date column as the events give it (`YYYY-MM-DD`), under its own name. */
export const ymd = (column: string) => `to_char(${column}, 'YYYY-MM-DD') as ${column}`;

export { ownStatements } from './subgraph.js';

/**
 * A subgraph's part of the chronology under test, on one server enforcing the policy (`sg`): content as the
 * demo LA's DPO (`sg.query`: every child of the LA, every field group), permissions as other principals
 * (`eventsAs`), and a client on its database (`db`).
 */
export interface DomainEventsHarness {
  sg: TestSubgraph;
  db: pg.Client;
  /** The `_entities` query for the events field. */
  EVENTS: string;
  eventsOf(r: Promise<GraphQLResponse>): Promise<Event[][]>;
  /** One child's events as `who` (the SQL log reset first). */
  eventsAs(who: Principal, childId: string): Promise<Event[]>;
  /** Puts children in a scope: a relationship valid since yesterday. */
  insertTuple(relation: string, subject: string, childIds: string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startDomainEvents(def: SubgraphDefinition, field: string, stories: number): Promise<DomainEventsHarness> {
  const sg = await startTestSubgraph(def, { stories });
  const db = new pg.Client({ connectionString: sg.databaseUrl });
  await db.connect();
  const EVENTS = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Child {
  id ${field}(first: 201) { id date kind domain title body itemType itemId redactions { content exemption explanation } }
} } }`;
  const eventsOf = async (r: Promise<GraphQLResponse>): Promise<Event[][]> => {
    const res = await r;
    expect(res.errors).toBeUndefined();
    return res.data?._entities.map((c: Record<string, Event[]>) => c[field]);
  };
  return {
    sg,
    db,
    EVENTS,
    eventsOf,
    async eventsAs(who, childId) {
      sg.sql.length = 0;
      const [events] = await eventsOf(sg.queryAs(who, EVENTS, reps(childId)));
      return events!;
    },
    insertTuple: (relation, subject, childIds) => sg.relate(relation, subject, childIds),
    async stop() {
      await db.end();
      await sg.stop();
    },
  };
}
