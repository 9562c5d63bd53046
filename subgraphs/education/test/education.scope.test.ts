import { randomUUID } from 'node:crypto';
import { education } from '@caregraph/education';
import { DEMO_LA, SCHOOLS, story } from '@caregraph/demo';
import pg from 'pg';
import { startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { principal } from '../../../test/helpers/identity.js';
import { codes } from '../../../test/helpers/http.js';

const STORIES = 60;

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(education, { stories: STORIES });
});
afterAll(() => sg.stop());

async function sql<T = Record<string, any>>(text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: sg.databaseUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

const today = () => new Date().toISOString().slice(0, 10);

/** A relation another subgraph owns (placements: looked_after by the demo LA), inserted directly. */
async function lookedAfter(...childIds: string[]): Promise<void> {
  await sql(
    `insert into "access"."relationship" (relation, subject, child_id, valid_from, valid_to, written_by)
     select 'looked_after', $1, id, '2020-01-01T00:00:00Z', null, 'test' from unnest($2::uuid[]) as id`,
    [DEMO_LA, childIds],
  );
}

const onRollTuples = (childId: string) =>
  sql<{ subject: string; from: string; to: string | null; written_by: string }>(
    `select subject, to_char(valid_from at time zone 'UTC', 'YYYY-MM-DD') as "from",
            to_char(valid_to at time zone 'UTC', 'YYYY-MM-DD') as "to", written_by
       from "access"."relationship" where relation = 'on_roll' and child_id = $1 order by valid_from, id`,
    [childId],
  );

const CHILD = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Child { id currentSchool { urn } schoolEnrolments { urn } } } }`;
const CHILD_ID = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Child { id } } }`;
const SCHOOL = `query($urn: String!) { school(urn: $urn) { urn name } }`;
const SCHOOL_ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on School { urn name } } }`;
const ENROL = `mutation($input: EnrolInSchoolInput!) { enrolInSchool(input: $input) { id urn endDate } }`;
const LEAVE = `mutation($input: LeaveSchoolInput!) { leaveSchool(input: $input) { urn endDate } }`;
const ATTEND = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { term } }`;
const EXCLUDE = `mutation($input: RecordExclusionInput!) { recordExclusion(input: $input) { category } }`;
const PEP = `mutation($input: RecordPersonalEducationPlanInput!) { recordPersonalEducationPlan(input: $input) { heldOn } }`;

const reps = (...ids: string[]) => ({ reps: ids.map((id) => ({ __typename: 'Child', id })) });
const teacherOf = (schoolUrn: string) => principal('designated_teacher', { sub: `dt-${schoolUrn}`, schoolUrn });
const virtualSchool = principal('virtual_school', { sub: 'vs-1' });
const otherVirtualSchool = principal('virtual_school', { sub: 'vs-2', la: 'E09000001' });

/** A seeded child on a school's roll now (single registration), with that school. */
async function onRollNow(skip: string[] = []): Promise<{ childId: string; urn: string }> {
  const [row] = await sql<{ child_id: string; urn: string }>(
    `select child_id, urn from education.school_enrolment
      where end_date is null and start_date <= current_date and enrol_status = 'C' and not (child_id = any($1::uuid[]))
      order by child_id limit 1`,
    [`{${skip.join(',')}}`],
  );
  if (!row) throw new Error('no seeded child is on a roll now');
  return { childId: row.child_id, urn: row.urn };
}

describe('identity', () => {
  it('refuses a request without the identity header with UNAUTHENTICATED and HTTP 401, _service included', async () => {
    for (const query of ['{ _service { sdl } }', CHILD_ID]) {
      const r = await sg.raw(query, reps(story(0).id));
      expect(r.status).toBe(401);
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
      expect(r.data ?? null).toBeNull();
    }
  });
});

describe('Child _entities scope', () => {
  it('shows a designated teacher a child on their school roll', async () => {
    const { childId, urn } = await onRollNow();
    const r = await sg.queryAs(teacherOf(urn), CHILD, reps(childId));
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities[0]).toMatchObject({ id: childId, currentSchool: { urn } });
  });

  it('answers null + FORBIDDEN alike for a child on another school roll and for a child that does not exist', async () => {
    const { childId, urn } = await onRollNow();
    const other = SCHOOLS.find((s) => s.urn !== urn)!.urn;
    const r = await sg.queryAs(teacherOf(other), CHILD, reps(childId, randomUUID()));
    expect(r.data?._entities).toEqual([null, null]);
    expect(codes(r)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(r.errors!.map((e) => e.path)).toEqual([['_entities', 0], ['_entities', 1]]);
    expect(r.errors![0]!.message).toBe(r.errors![1]!.message);
  });

  it('mixes in-scope and out-of-scope references in one request, in order', async () => {
    const { childId, urn } = await onRollNow();
    const r = await sg.queryAs(teacherOf(urn), CHILD_ID, reps(randomUUID(), childId));
    expect(r.data?._entities).toEqual([null, { id: childId }]);
    expect(codes(r)).toEqual(['FORBIDDEN']);
  });

  it('still rejects a malformed reference id as BAD_USER_INPUT, before any scope statement', async () => {
    sg.sql.length = 0;
    const r = await sg.queryAs(teacherOf(SCHOOLS[0]!.urn), CHILD_ID, reps("1' or 1=1"));
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(sg.sql.filter((s) => s.includes('"access"."relationship"'))).toHaveLength(0);
  });

  it('checks the scope of 50 references with one statement', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => story(i).id);
    await lookedAfter(...ids);
    sg.sql.length = 0;
    const r = await sg.queryAs(virtualSchool, CHILD_ID, reps(...ids));
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities.map((e: { id: string }) => e.id)).toEqual(ids);
    expect(sg.sql.filter((s) => s.includes('"access"."relationship"'))).toHaveLength(1);
  });
});

describe('schools carry no child data', () => {
  it('answers Query.school and School _entities without a scope check', async () => {
    const urn = SCHOOLS[0]!.urn;
    sg.sql.length = 0;
    const q = await sg.queryAs(teacherOf(SCHOOLS[1]!.urn), SCHOOL, { urn });
    expect(q.errors).toBeUndefined();
    expect(q.data?.school).toEqual({ urn, name: SCHOOLS[0]!.name });
    const e = await sg.queryAs(teacherOf(SCHOOLS[1]!.urn), SCHOOL_ENTITIES, { reps: [{ __typename: 'School', urn }] });
    expect(e.errors).toBeUndefined();
    expect(e.data?._entities).toEqual([{ urn, name: SCHOOLS[0]!.name }]);
    expect(sg.sql.filter((s) => s.includes('"access"."relationship"'))).toHaveLength(0);
  });
});

describe('on_roll over time', () => {
  it('a designated teacher sees a child while on roll and is refused at once after the child leaves today', async () => {
    const { childId, urn } = await onRollNow();
    const teacher = teacherOf(urn);
    const before = await sg.queryAs(teacher, CHILD, reps(childId));
    expect(before.errors).toBeUndefined();
    expect(before.data?._entities[0]).toMatchObject({ id: childId, currentSchool: { urn } });

    await lookedAfter(childId);
    const left = await sg.queryAs(virtualSchool, LEAVE, { input: { childId, endDate: today() } });
    expect(left.errors).toBeUndefined();
    expect(left.data?.leaveSchool).toEqual({ urn, endDate: today() });

    const after = await sg.queryAs(teacher, CHILD, reps(childId));
    expect(after.data?._entities).toEqual([null]);
    expect(codes(after)).toEqual(['FORBIDDEN']);
    // The virtual school still sees the child: only the school's relation ended.
    const vs = await sg.queryAs(virtualSchool, CHILD_ID, reps(childId));
    expect(vs.data?._entities).toEqual([{ id: childId }]);
  });
});

describe('mutations keep on_roll current', () => {
  const [A, B, C] = [SCHOOLS[0]!.urn, SCHOOLS[1]!.urn, SCHOOLS[2]!.urn];

  it('enrolInSchool grants on_roll; a new main registration ends the previous school; a subsidiary one does not', async () => {
    const child = randomUUID();
    await lookedAfter(child);
    const first = await sg.queryAs(virtualSchool, ENROL, { input: { childId: child, urn: A, startDate: '2025-09-01' } });
    expect(first.errors).toBeUndefined();
    expect(await onRollTuples(child)).toEqual([{ subject: A, from: '2025-09-01', to: null, written_by: 'education' }]);
    expect((await sg.queryAs(teacherOf(A), CHILD_ID, reps(child))).data?._entities).toEqual([{ id: child }]);

    expect((await sg.queryAs(virtualSchool, ENROL, { input: { childId: child, urn: B, startDate: '2026-01-05' } })).errors).toBeUndefined();
    expect((await sg.queryAs(virtualSchool, ENROL, { input: { childId: child, urn: C, startDate: '2026-02-02', enrolStatus: 'S' } })).errors).toBeUndefined();
    expect(await onRollTuples(child)).toEqual([
      { subject: A, from: '2025-09-01', to: '2026-01-05', written_by: 'education' },
      { subject: B, from: '2026-01-05', to: null, written_by: 'education' },
      { subject: C, from: '2026-02-02', to: null, written_by: 'education' },
    ]);
    const a = await sg.queryAs(teacherOf(A), CHILD_ID, reps(child));
    expect(codes(a)).toEqual(['FORBIDDEN']);
    expect((await sg.queryAs(teacherOf(C), CHILD_ID, reps(child))).data?._entities).toEqual([{ id: child }]);
  });

  it('leaveSchool ends only the tuple of the school left, at the leaving date', async () => {
    const child = randomUUID();
    await lookedAfter(child);
    await sg.queryAs(virtualSchool, ENROL, { input: { childId: child, urn: A, startDate: '2025-09-01' } });
    await sg.queryAs(virtualSchool, ENROL, { input: { childId: child, urn: B, startDate: '2025-10-01', enrolStatus: 'S' } });
    const r = await sg.queryAs(virtualSchool, LEAVE, { input: { childId: child, urn: B, endDate: '2026-03-31' } });
    expect(r.errors).toBeUndefined();
    expect(await onRollTuples(child)).toEqual([
      { subject: A, from: '2025-09-01', to: null, written_by: 'education' },
      { subject: B, from: '2025-10-01', to: '2026-03-31', written_by: 'education' },
    ]);
  });

  it('writes no tuple when the enrolment fails', async () => {
    const child = randomUUID();
    await lookedAfter(child);
    await sg.queryAs(virtualSchool, ENROL, { input: { childId: child, urn: A, startDate: '2025-09-01' } });
    // A start before the current enrolment began: CONFLICT after the previous tuple would have been ended.
    const r = await sg.queryAs(virtualSchool, ENROL, { input: { childId: child, urn: B, startDate: '2025-08-01' } });
    expect(codes(r)).toEqual(['CONFLICT']);
    expect(await onRollTuples(child)).toEqual([{ subject: A, from: '2025-09-01', to: null, written_by: 'education' }]);
  });
});

describe('every mutation needs the child in scope', () => {
  const urn = SCHOOLS[0]!.urn;
  const inputs = (childId: string) => [
    [ENROL, { childId, urn, startDate: '2025-09-01' }],
    [LEAVE, { childId, endDate: '2026-01-01' }],
    [ATTEND, { childId, academicYear: '2024/25', term: 'SPRING', sessionsPossible: 120, sessionsAuthorisedAbsence: 2, sessionsUnauthorisedAbsence: 1 }],
    [EXCLUDE, { childId, urn, category: 'SUSP', reason: 'DB', startDate: '2025-11-10', sessions: 2 }],
    [PEP, { childId, heldOn: '2025-10-01', targets: 'Read daily.', attendees: ['Designated teacher'] }],
  ] as const;
  const tables = ['school_enrolment', 'attendance_term', 'exclusion', 'personal_education_plan'];
  const rowsOf = async (childId: string) =>
    (await Promise.all(tables.map((t) => sql<{ n: number }>(`select count(*)::int as n from education.${t} where child_id = $1`, [childId])))).map((r) => r[0]!.n);

  it.each([
    ['a virtual school of another LA', otherVirtualSchool],
    ['a designated teacher of the school (child not yet on its roll)', teacherOf(SCHOOLS[0]!.urn)],
  ])('refuses %s with FORBIDDEN and writes nothing', async (_name, who) => {
    const child = randomUUID();
    await lookedAfter(child);
    for (const [mutation, input] of inputs(child)) {
      const r = await sg.queryAs(who, mutation, { input });
      expect(codes(r)).toEqual(['FORBIDDEN']);
    }
    expect(await rowsOf(child)).toEqual([0, 0, 0, 0]);
    expect(await onRollTuples(child)).toEqual([]);
  });

  it('lets a principal with the child in scope write every kind of record', async () => {
    const child = randomUUID();
    await lookedAfter(child);
    for (const [mutation, input] of inputs(child)) {
      const r = await sg.queryAs(virtualSchool, mutation, { input });
      expect(r.errors).toBeUndefined();
    }
    expect(await rowsOf(child)).toEqual([1, 1, 1, 1]);
    expect(await onRollTuples(child)).toEqual([{ subject: urn, from: '2025-09-01', to: '2026-01-01', written_by: 'education' }]);
  });
});

describe('seeded on_roll tuples', () => {
  it('match the seeded enrolments, one tuple per enrolment, for a sample of stories', async () => {
    const sample = [0, 1, 2, 7, 13, 21, 34, 55].map((i) => story(i).id);
    let compared = 0;
    for (const childId of sample) {
      const enrolments = await sql<{ subject: string; from: string; to: string | null }>(
        `select urn as subject, to_char(start_date, 'YYYY-MM-DD') as "from", to_char(end_date, 'YYYY-MM-DD') as "to"
           from education.school_enrolment where child_id = $1 order by start_date, id`,
        [childId],
      );
      const tuples = (await onRollTuples(childId)).map(({ subject, from, to }) => ({ subject, from, to }));
      expect(tuples).toEqual(enrolments);
      compared += enrolments.length;
    }
    expect(compared).toBeGreaterThan(0);
    const [total] = await sql<{ tuples: number; enrolments: number }>(
      `select (select count(*)::int from "access"."relationship" where relation = 'on_roll' and written_by = 'education') as tuples,
              (select count(*)::int from education.school_enrolment) as enrolments`,
    );
    expect(total!.tuples).toBe(total!.enrolments);
  });
});
