import { education } from '@caregraph/education';
import { DEMO_TODAY, SCHOOLS, story } from '@caregraph/demo';
import pg from 'pg';
import { startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { codes } from '../../../test/helpers/http.js';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(education, { stories: 200 });
});
afterAll(() => sg.stop());

async function sql<T = Record<string, unknown>>(text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: sg.databaseUrl });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

const CHILD = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Child {
      schoolEnrolments { id childId urn startDate endDate ncYear enrolStatus school { urn name } }
      currentSchool { urn }
      attendance { academicYear term sessionsPossible sessionsAuthorisedAbsence sessionsUnauthorisedAbsence attendanceRate }
      exclusions { urn category reason startDate sessions school { name } }
      senProvision { provision primaryNeed secondaryNeed startDate endDate }
      ehcp { requestedOn assessedOn issuedOn lastReviewedOn nextReviewDue issuedWithinTwentyWeeks }
      personalEducationPlans { heldOn targets pupilPremiumPlusSpend pupilPremiumPlusUse childsViews attendees }
    }
  }
}`;

describe('education subgraph', () => {
  it('answers a featured story with every kind of record', async () => {
    const s = story(0);
    const r = await sg.query(CHILD, { representations: [{ __typename: 'Child', id: s.id }] });
    expect(r.errors).toBeUndefined();
    const child = r.data?._entities[0];
    expect(child.schoolEnrolments.length).toBeGreaterThan(1);
    expect(child.schoolEnrolments[0]).toMatchObject({ childId: s.id, enrolStatus: 'C' });
    expect(child.schoolEnrolments[0].school.urn).toBe(child.schoolEnrolments[0].urn);
    expect(child.attendance.length).toBeGreaterThan(0);
    expect(child.exclusions.length).toBeGreaterThan(0);
    expect(child.exclusions[0].school.name).toEqual(expect.any(String));
    expect(child.senProvision.map((p: { provision: string }) => p.provision)).toContain('E');
    expect(child.ehcp.requestedOn).toEqual(expect.any(String));
    expect(child.personalEducationPlans.length).toBeGreaterThan(10);
    // A care leaver has left school: no current enrolment.
    expect(child.currentSchool).toBeNull();
  });

  it('computes the attendance rate from the sessions', async () => {
    const r = await sg.query(CHILD, { representations: [{ __typename: 'Child', id: story(0).id }] });
    for (const t of r.data?._entities[0].attendance) {
      const attended = t.sessionsPossible - t.sessionsAuthorisedAbsence - t.sessionsUnauthorisedAbsence;
      expect(t.attendanceRate).toBeCloseTo((attended / t.sessionsPossible) * 100, 1);
    }
  });

  it('answers a school by URN and rejects a malformed URN', async () => {
    const ok = await sg.query(`query($urn: String!) { school(urn: $urn) { urn name } }`, { urn: SCHOOLS[2]!.urn });
    expect(ok.data?.school).toEqual({ urn: SCHOOLS[2]!.urn, name: SCHOOLS[2]!.name });
    const unknown = await sg.query(`{ school(urn: "999999") { urn } }`);
    expect(unknown.data?.school).toBeNull();
    for (const urn of ['12345', '1234567', 'abcdef']) {
      const bad = await sg.query(`query($urn: String!) { school(urn: $urn) { urn } }`, { urn });
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(bad.errors)).not.toContain(urn);
    }
  });

  it('seeds rows for every entity, each school once', async () => {
    const tables = ['school', 'school_enrolment', 'attendance_term', 'exclusion', 'sen_provision', 'ehcp', 'personal_education_plan'];
    for (const table of tables) {
      const [row] = await sql<{ n: number }>(`select count(*)::int as n from education.${table}`);
      expect({ table, seeded: row!.n > 0 }).toEqual({ table, seeded: true });
    }
    const [schools] = await sql<{ n: number }>(`select count(*)::int as n from education.school`);
    expect(schools!.n).toBe(SCHOOLS.length);
  });

  it('seeds consistent records: past dates, ordered periods, one open enrolment at most', async () => {
    const today = DEMO_TODAY;
    const late = await sql(`
      select 'enrolment' from education.school_enrolment where start_date > '${today}' or end_date > '${today}' or end_date < start_date
      union all select 'exclusion' from education.exclusion where start_date > '${today}'
      union all select 'sen' from education.sen_provision where start_date > '${today}' or end_date < start_date
      union all select 'ehcp' from education.ehcp where requested_on > '${today}' or issued_on > '${today}' or last_reviewed_on > '${today}'
      union all select 'pep' from education.personal_education_plan where held_on > '${today}'`);
    expect(late).toEqual([]);
    const doubleOpen = await sql(`select child_id from education.school_enrolment where end_date is null group by child_id having count(*) > 1`);
    expect(doubleOpen).toEqual([]);
    // Enrolments chain: each one starts the day the previous one ended.
    const gaps = await sql(`
      select child_id from (
        select child_id, start_date, lag(end_date) over (partition by child_id order by start_date) as prev_end
        from education.school_enrolment) e
      where prev_end is not null and prev_end <> start_date`);
    expect(gaps).toEqual([]);
    // Shares near published figures: about a quarter on SEN support, a tenth with a plan.
    const [share] = await sql<{ k: number; e: number; n: number }>(`
      select count(distinct child_id) filter (where provision = 'K')::float / count(distinct e2.c) as k,
             (select count(*) from education.ehcp)::float / count(distinct e2.c) as e, count(distinct e2.c)::int as n
      from (select distinct child_id as c from education.school_enrolment) e2 left join education.sen_provision s on s.child_id = e2.c`);
    expect(share!.n).toBeGreaterThan(50);
    expect(share!.k).toBeGreaterThan(0.15);
    expect(share!.k).toBeLessThan(0.5);
    expect(share!.e).toBeGreaterThan(0.03);
    expect(share!.e).toBeLessThan(0.25);
  });
});
