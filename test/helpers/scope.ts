import pg from 'pg';
import type { Principal } from '@caregraph/schema';

/**
 * The relationship tuple that puts a child in a principal's scope, written by hand from policy.md "Roles and
 * their scope" (not read from the policy): tests create these tuples directly, as the owning subgraph would.
 */
export function scopeTupleOf(who: Principal): { relation: string; subject: string } {
  const need = (value: string | undefined, claim: string) => {
    if (!value) throw new Error(`a ${who.role} needs a ${claim} claim to have children in scope`);
    return value;
  };
  switch (who.role) {
    case 'social_worker': return { relation: 'social_worker', subject: who.sub };
    case 'team_manager': return { relation: 'team', subject: need(who.team, 'team') };
    case 'iro': return { relation: 'iro', subject: who.sub };
    case 'virtual_school': return { relation: 'looked_after', subject: who.la };
    case 'designated_teacher': return { relation: 'on_roll', subject: need(who.schoolUrn, 'schoolUrn') };
    case 'health_practitioner': return { relation: 'looked_after', subject: who.la };
    case 'foster_carer': return { relation: 'carer', subject: who.sub };
    case 'personal_adviser': return { relation: 'personal_adviser', subject: who.sub };
    case 'partner_agency': return { relation: 'agreement_cohort', subject: need(who.agreement, 'agreement') };
    case 'dpo': return { relation: 'la_child', subject: who.la };
    default: throw new Error(`a ${who.role} has no relationship tuple that puts a child in scope`);
  }
}

/** Writes relationship tuples valid since yesterday (open-ended) straight into `access.relationship`. */
export async function relate(databaseUrl: string, relation: string, subject: string, childIds: string[]): Promise<void> {
  if (childIds.length === 0) return;
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `insert into "access"."relationship" (relation, subject, child_id, valid_from, written_by)
       select $1, $2, id, now() - interval '1 day', 'test' from unnest($3::uuid[]) as id`,
      [relation, subject, childIds],
    );
  } finally {
    await db.end();
  }
}

/**
 * Gives the demo LA's DPO the children it would have in a whole hub: the children subgraph writes an `la_child`
 * tuple for every child it records; a test of another subgraph on its own has no children subgraph to write it.
 */
export async function ensureLaChild(databaseUrl: string, la: string, childIds: string[]): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `insert into "access"."relationship" (relation, subject, child_id, valid_from, written_by)
       select 'la_child', $1, t.child, now() - interval '1 day', 'test' from unnest($2::uuid[]) as t(child)
        where not exists (select 1 from "access"."relationship" r where r.relation = 'la_child' and r.subject = $1 and r.child_id = t.child)`,
      [la, childIds],
    );
  } finally {
    await db.end();
  }
}
