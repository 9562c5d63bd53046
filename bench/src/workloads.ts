import type pg from 'pg';
import { DEMO_LA, story } from '@caregraph/demo';
import type { Principal } from '@caregraph/schema';

/** The rows each workload reads, fixed per dataset before any load runs. */
export interface Fixtures {
  /** W2: the agreement the partner token names; its cohort is the first page of children (by id). */
  agreementId: string;
  cohort: string[];
  /** W3: a care leaver with a long history (demo story 0 is a featured care leaver). */
  careLeaverId: string;
  /** W4: a child looked after now, with records in every subgraph. */
  childId: string;
}

export type WorkloadName = 'W1' | 'W2' | 'W3' | 'W4';

export interface Workload {
  name: WorkloadName;
  title: string;
  query: string;
  variables(f: Fixtures): Record<string, unknown>;
  principal(f: Fixtures): Principal;
  /** The SQL floor: the same rows straight from PostgreSQL, one statement per subgraph. */
  floor(db: pg.Pool, f: Fixtures): Promise<number>;
  /** A sanity check on one response: the rows a load run must be reading (throws otherwise). */
  check(data: Record<string, unknown>): void;
}

const PAGE = 50;

/** W1: a dashboard page of 50 children with placements, education and health, as the DPO (every child of the LA). */
export const W1_QUERY = `query Dashboard {
  children(first: ${PAGE}) {
    edges { node {
      id laChildId legalGivenName legalFamilyName dateOfBirth
      currentLegalStatus { legalStatus startDate }
      currentPlacement { placementType startDate }
      placements { placementType startDate endDate }
      currentSchool { urn startDate }
      attendance { academicYear term sessionsPossible sessionsAuthorisedAbsence sessionsUnauthorisedAbsence }
      healthAssessments { kind dueOn completedOn }
      immunisationStatus { upToDate }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** W2: what a data-sharing agreement shares (identity, identifiers, legal status, placements, missing) for a page of 50. */
export const W2_QUERY = `query Partner {
  children(first: ${PAGE}) {
    edges { node {
      id legalGivenName legalFamilyName dateOfBirth sex laChildId
      legalStatuses { legalStatus startDate endDate }
      placements { placementType provider startDate endDate reasonForChange }
      missingEpisodes { kind startDate endDate }
    } }
  }
}`;

/**
 * W3: the care leaver's own history, 100 events merged from all four subgraphs. (Before `me { chronology }`
 * existed this workload read `child(id: <own id>) { placements schoolEnrolments healthAssessments caseNotes }`.)
 */
export const W3_QUERY = `query MyHistory {
  me {
    chronology(first: 100) {
      edges { node { id date kind domain title body itemType itemId redactions { content exemption explanation } } }
      pageInfo { hasNextPage }
    }
  }
}`;

/** W4: the combined view of one child (README's example), as the DPO. */
export const W4_QUERY = `query CombinedView($id: ID!) {
  child(id: $id) {
    laChildId legalGivenName legalFamilyName preferredName dateOfBirth
    currentLegalStatus { legalStatus startDate }
    allocations { role workerName startDate endDate }
    currentPlacement { placementType startDate postcode }
    placements { placementType startDate endDate reasonForChange }
    currentSchool { urn startDate }
    attendance { academicYear term attendanceRate }
    healthAssessments { kind dueOn completedOn onTime }
    sdqScores { assessedOn score }
  }
}`;

const dpo: Principal = { sub: 'bench-dpo', role: 'dpo', la: DEMO_LA };

function edges(data: Record<string, unknown>, min: number): Record<string, unknown>[] {
  const list = ((data.children as { edges?: { node: Record<string, unknown> }[] } | null)?.edges ?? []).map((e) => e.node);
  if (list.length < min) throw new Error(`expected at least ${min} children, got ${list.length}`);
  return list;
}

const ids = (rows: { id: string }[]) => `{${rows.map((r) => r.id).join(',')}}`;

/** The children page (the children subgraph's statement), then the other subgraphs' rows for those ids, in parallel. */
async function pageThen(db: pg.Pool, first: string, rest: string[]): Promise<number> {
  const page = await db.query<{ id: string }>(first, [PAGE]);
  const results = await Promise.all(rest.map((sql) => db.query(sql, [ids(page.rows)])));
  return page.rowCount! + results.reduce((n, r) => n + r.rowCount!, 0);
}

export const WORKLOADS: Workload[] = [
  {
    name: 'W1',
    title: 'dashboard: 50 children with placements, education, health (dpo)',
    query: W1_QUERY,
    variables: () => ({}),
    principal: () => dpo,
    check: (data) => void edges(data, 1),
    floor: (db) =>
      pageThen(
        db,
        `select c.id, c.la_child_id, c.legal_given_name, c.legal_family_name, c.date_of_birth,
                (select json_build_object('legal_status', l.legal_status, 'start_date', l.start_date) from children.legal_status_period l
                  where l.child_id = c.id and l.end_date is null limit 1) as current_legal_status
           from children.child c order by c.id limit $1`,
        [
          `select child_id, placement_type, start_date, end_date from placements.placement where child_id = any($1::uuid[]) order by child_id, start_date`,
          `select e.child_id, e.urn, e.start_date, e.end_date, null as academic_year, null as term, null::int as p, null::int as a, null::int as u
             from education.school_enrolment e where e.child_id = any($1::uuid[]) and e.end_date is null
           union all
           select a.child_id, null, null, null, a.academic_year, a.term, a.sessions_possible, a.sessions_authorised_absence, a.sessions_unauthorised_absence
             from education.attendance_term a where a.child_id = any($1::uuid[])`,
          `select h.child_id, h.kind, h.due_on, h.completed_on, null::boolean as up_to_date from health.health_assessment h where h.child_id = any($1::uuid[])
           union all
           select s.child_id, null, null, null, s.up_to_date from health.immunisation_status s where s.child_id = any($1::uuid[])`,
        ],
      ),
  },
  {
    name: 'W2',
    title: 'partner: agreement fields for 50 children (partner_agency)',
    query: W2_QUERY,
    variables: () => ({}),
    principal: (f) => ({ sub: 'bench-partner', role: 'partner_agency', la: DEMO_LA, agency: 'bench-agency', agreement: f.agreementId }),
    check: (data) => void edges(data, 1),
    floor: (db) =>
      pageThen(
        db,
        `select c.id, c.legal_given_name, c.legal_family_name, c.date_of_birth, c.sex, c.la_child_id,
                (select json_agg(l order by l.start_date) from (select legal_status, start_date, end_date from children.legal_status_period where child_id = c.id) l) as legal_statuses,
                (select json_agg(m order by m.start_date) from (select kind, start_date, end_date from children.missing_episode where child_id = c.id) m) as missing
           from children.child c order by c.id limit $1`,
        [`select child_id, placement_type, provider, start_date, end_date, reason_for_change from placements.placement where child_id = any($1::uuid[]) order by child_id, start_date`],
      ),
  },
  {
    name: 'W3',
    title: 'care leaver: me { chronology(first: 100) } (care_leaver)',
    query: W3_QUERY,
    variables: () => ({}),
    principal: (f) => ({ sub: 'bench-care-leaver', role: 'care_leaver', la: DEMO_LA, childId: f.careLeaverId }),
    check: (data) => {
      const n = ((data.me as { chronology?: { edges?: unknown[] } } | null)?.chronology?.edges ?? []).length;
      if (n < 1) throw new Error('expected chronology events');
    },
    // Each subgraph's dated events for the child, its first 100 by date (the page can hold no more from one).
    floor: async (db, f) => {
      const limit = `order by 2 limit 100`;
      const results = await Promise.all([
        db.query(
          `select * from (select id, start_date, legal_status as what from children.legal_status_period where child_id = $1
             union all select id, start_date, worker_name from children.allocation where child_id = $1 and role = 'SOCIAL_WORKER'
             union all select id, occurred_on, title || ': ' || coalesce(body, '') from children.case_note where child_id = $1
             union all select id, start_date, kind from children.missing_episode where child_id = $1) e ${limit}`,
          [f.careLeaverId],
        ),
        db.query(
          `select * from (select id, start_date, placement_type as what from placements.placement where child_id = $1
             union all select id, end_date, placement_type from placements.placement where child_id = $1 and end_date is not null
             union all select id, start_date, legal_status from placements.episode where child_id = $1 and reason_new_episode = 'S'
             union all select id, end_date, reason_ceased from placements.episode where child_id = $1 and end_date is not null and reason_ceased <> 'X1') e ${limit}`,
          [f.careLeaverId],
        ),
        db.query(
          `select * from (select e.id, e.start_date, s.name as what from education.school_enrolment e join education.school s on s.urn = e.urn where e.child_id = $1
             union all select e.id, e.end_date, s.name from education.school_enrolment e join education.school s on s.urn = e.urn where e.child_id = $1 and e.end_date is not null
             union all select id, start_date, category from education.exclusion where child_id = $1
             union all select id, held_on, targets from education.personal_education_plan where child_id = $1
             union all select id, start_date, provision from education.sen_provision where child_id = $1) e ${limit}`,
          [f.careLeaverId],
        ),
        db.query(
          `select * from (select id, completed_on, outcome as what from health.health_assessment where child_id = $1 and completed_on is not null
             union all select id, date_given, vaccine from health.immunisation where child_id = $1
             union all select id, checked_on, null from health.dental_check where child_id = $1
             union all select id, assessed_on, reason from health.sdq_score where child_id = $1
             union all select id, registered_from, practice_name from health.gp_registration where child_id = $1) e ${limit}`,
          [f.careLeaverId],
        ),
      ]);
      return Math.min(100, results.reduce((n, r) => n + r.rowCount!, 0));
    },
  },
  {
    name: 'W4',
    title: 'single child: the combined view (dpo)',
    query: W4_QUERY,
    variables: (f) => ({ id: f.childId }),
    principal: () => dpo,
    check: (data) => {
      if (!data.child) throw new Error('expected the child');
    },
    floor: async (db, f) => {
      const results = await Promise.all([
        db.query(
          `select c.la_child_id, c.legal_given_name, c.legal_family_name, c.preferred_name, c.date_of_birth,
                  (select json_agg(l) from (select legal_status, start_date from children.legal_status_period where child_id = c.id and end_date is null) l) as current_legal_status,
                  (select json_agg(a order by a.start_date) from (select role, worker_name, start_date, end_date from children.allocation where child_id = c.id) a) as allocations
             from children.child c where c.id = $1`,
          [f.childId],
        ),
        db.query(`select placement_type, start_date, end_date, reason_for_change, postcode from placements.placement where child_id = $1 order by start_date`, [f.childId]),
        db.query(
          `select urn, start_date, null as academic_year, null as term, null::int as p, null::int as a, null::int as u from education.school_enrolment where child_id = $1 and end_date is null
           union all select null, null, academic_year, term, sessions_possible, sessions_authorised_absence, sessions_unauthorised_absence from education.attendance_term where child_id = $1`,
          [f.childId],
        ),
        db.query(
          `select kind, due_on, completed_on, null::int as score from health.health_assessment where child_id = $1
           union all select null, assessed_on, null, score from health.sdq_score where child_id = $1`,
          [f.childId],
        ),
      ]);
      return results.reduce((n, r) => n + r.rowCount!, 0);
    },
  },
];

/** Fixtures from the demo stories (deterministic) and the database (the first page by id). */
export async function loadFixtures(db: pg.Pool, agreementId: string): Promise<Fixtures> {
  const page = await db.query<{ id: string }>(`select id from children.child order by id limit ${PAGE}`);
  let looked = 4;
  while (story(looked).careLeaver) looked++;
  return { agreementId, cohort: page.rows.map((r) => r.id), careLeaverId: story(0).id, childId: story(looked).id };
}
