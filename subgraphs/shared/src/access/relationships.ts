import type { EntityManager } from '@mikro-orm/postgresql';
import type { Relation } from '@caregraph/schema';
import { copyInto, encoderFor } from '../copy.js';
import { deferIndexes, relationSinkOf } from '../seeding.js';

/** A relationship that puts a child in someone's scope for a time (dates are YYYY-MM-DD, midnight UTC). */
export interface RelationTuple {
  relation: Relation;
  subject: string;
  childId: string;
  from: string;
  to?: string | null;
}

const instant = (date: string) => (date.length === 10 ? `${date}T00:00:00Z` : date);
const TABLE = '"access"."relationship"';
const COLUMNS = ['relation', 'subject', 'child_id', 'valid_from', 'valid_to', 'written_by'];
/** From this many tuples (seeding), COPY: a multi-row insert's SQL text grows with every value, COPY's stays one line a row. */
const COPY_FROM = 500;
const text = encoderFor('text');

/**
 * Records relationships, in the caller's transaction: the subgraph that owns a relationship (allocation,
 * placement, enrolment) writes its tuple together with the change, so scope follows the data in time.
 * Under a bulk load with a relationship sink (seeding), the tuples go to the sink, which writes them with
 * `writeRelations` in a transaction that commits with the caller's.
 */
export async function grantRelations(em: EntityManager, writtenBy: string, tuples: RelationTuple[]): Promise<void> {
  if (tuples.length === 0) return;
  const sink = await relationSinkOf(em);
  if (sink) return sink(relationLines(writtenBy, tuples));
  if (tuples.length >= COPY_FROM) return writeRelations(em, relationLines(writtenBy, tuples));
  await em.getConnection().execute(
    `insert into ${TABLE} (${COLUMNS.join(', ')}) values ${tuples.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
    tuples.flatMap((t) => [t.relation, t.subject, t.childId, instant(t.from), t.to ? instant(t.to) : null, writtenBy]),
    'run',
    em.getTransactionContext(),
  );
}

/** Tuples as COPY text lines for `writeRelations`. */
export function relationLines(writtenBy: string, tuples: RelationTuple[]): string {
  let lines = '';
  const by = text(writtenBy);
  for (const t of tuples) {
    lines += `${text(t.relation)}\t${text(t.subject)}\t${text(t.childId)}\t${text(instant(t.from))}\t${t.to ? text(instant(t.to)) : '\\N'}\t${by}\n`;
  }
  return lines;
}

/** Writes `relationLines` output with COPY, in the caller's transaction (indexes deferred under a bulk load). */
export async function writeRelations(em: EntityManager, lines: string): Promise<void> {
  await deferIndexes(em, TABLE);
  await copyInto(em, TABLE, COLUMNS, lines);
}

/** Ends a child's open relationships of one kind (optionally only one subject's) at `at`. */
export async function endRelations(
  em: EntityManager,
  t: { relation: Relation; childId: string; at: string; subject?: string },
): Promise<void> {
  await em.getConnection().execute(
    `update "access"."relationship" set valid_to = greatest(valid_from, ?::timestamptz)
      where relation = ? and child_id = ? and (valid_to is null or valid_to > ?::timestamptz)${t.subject ? ' and subject = ?' : ''}`,
    [instant(t.at), t.relation, t.childId, instant(t.at), ...(t.subject ? [t.subject] : [])],
    'run',
    em.getTransactionContext(),
  );
}
