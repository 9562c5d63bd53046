import type { EntityManager } from '@mikro-orm/postgresql';
import type { Relation } from '@caregraph/schema';

/** A relationship that puts a child in someone's scope for a time (dates are YYYY-MM-DD, midnight UTC). */
export interface RelationTuple {
  relation: Relation;
  subject: string;
  childId: string;
  from: string;
  to?: string | null;
}

const instant = (date: string) => (date.length === 10 ? `${date}T00:00:00Z` : date);
const COLUMNS = '(relation, subject, child_id, valid_from, valid_to, written_by)';

/**
 * Records relationships, in the caller's transaction: the subgraph that owns a relationship (allocation,
 * placement, enrolment) writes its tuple together with the change, so scope follows the data in time.
 */
export async function grantRelations(em: EntityManager, writtenBy: string, tuples: RelationTuple[]): Promise<void> {
  for (let i = 0; i < tuples.length; i += 5000) {
    const chunk = tuples.slice(i, i + 5000);
    await em.getConnection().execute(
      `insert into "access"."relationship" ${COLUMNS} values ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((t) => [t.relation, t.subject, t.childId, instant(t.from), t.to ? instant(t.to) : null, writtenBy]),
      'run',
      em.getTransactionContext(),
    );
  }
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
