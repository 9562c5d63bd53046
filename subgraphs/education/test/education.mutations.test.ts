import { randomUUID } from 'node:crypto';
import { education } from '@caregraph/education';
import { SCHOOLS } from '@caregraph/demo';
import pg from 'pg';
import { startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { codes } from '../../../test/helpers/http.js';
import { principal, WRITERS } from '../../../test/helpers/identity.js';

/** Writes as the LA's virtual school (writeEducation at any school); reads as the DPO (`sg.query`), who is read-only. */
const writer = WRITERS.education;
let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(education, { stories: 5 });
});
const write = (query: string, variables: Record<string, unknown>) => sg.queryAs(writer, query, variables);
/** A looked-after child of the LA (in the virtual school's scope), with no education records yet. */
async function newChild(): Promise<string> {
  const id = randomUUID();
  await sg.inScope(writer, [id]);
  return id;
}
afterAll(() => sg.stop());

async function count(table: string): Promise<number> {
  const c = new pg.Client({ connectionString: sg.databaseUrl });
  await c.connect();
  const { rows } = await c.query(`select count(*)::int as n from education.${table}`);
  await c.end();
  return rows[0].n;
}

/** Runs a mutation expected to fail, checking its code, that the table is untouched and no input value is echoed. */
async function rejects(query: string, input: Record<string, unknown>, table: string, code: string, secret?: string, who = writer) {
  const before = await count(table);
  const r = await sg.queryAs(who, query, { input });
  expect(codes(r)).toEqual([code]);
  if (secret) expect(JSON.stringify(r.errors)).not.toContain(secret);
  expect(await count(table)).toBe(before);
}

const [A, B, C] = [SCHOOLS[0]!.urn, SCHOOLS[1]!.urn, SCHOOLS[2]!.urn];
const ENROL = `mutation($input: EnrolInSchoolInput!) { enrolInSchool(input: $input) { id childId urn startDate endDate ncYear enrolStatus school { name } } }`;
const LEAVE = `mutation($input: LeaveSchoolInput!) { leaveSchool(input: $input) { id urn endDate } }`;
const ATTEND = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { academicYear term sessionsPossible attendanceRate } }`;
const EXCLUDE = `mutation($input: RecordExclusionInput!) { recordExclusion(input: $input) { urn category reason startDate sessions school { urn } } }`;
const PEP = `mutation($input: RecordPersonalEducationPlanInput!) { recordPersonalEducationPlan(input: $input) { heldOn targets pupilPremiumPlusSpend attendees childsViews } }`;
const VIEW = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Child { schoolEnrolments { urn startDate endDate enrolStatus } currentSchool { urn } } } }`;

const view = async (childId: string) => (await sg.query(VIEW, { reps: [{ __typename: 'Child', id: childId }] })).data?._entities[0];

describe('enrolInSchool and leaveSchool', () => {
  let child: string;
  beforeAll(async () => {
    child = await newChild();
  });

  it('enrols a child, then moves school, ending the first enrolment the same day', async () => {
    const first = await write(ENROL, { input: { childId: child, urn: A, startDate: '2025-09-01', ncYear: 7 } });
    expect(first.errors).toBeUndefined();
    expect(first.data?.enrolInSchool).toMatchObject({ childId: child, urn: A, endDate: null, ncYear: 7, enrolStatus: 'C', school: { name: SCHOOLS[0]!.name } });
    const moved = await write(ENROL, { input: { childId: child, urn: B, startDate: '2026-01-05' } });
    expect(moved.errors).toBeUndefined();
    const v = await view(child);
    expect(v.schoolEnrolments).toEqual([
      { urn: A, startDate: '2025-09-01', endDate: '2026-01-05', enrolStatus: 'C' },
      { urn: B, startDate: '2026-01-05', endDate: null, enrolStatus: 'C' },
    ]);
    expect(v.currentSchool).toEqual({ urn: B });
  });

  it('adds a subsidiary registration without ending the main one', async () => {
    const r = await write(ENROL, { input: { childId: child, urn: C, startDate: '2026-02-01', enrolStatus: 'S' } });
    expect(r.errors).toBeUndefined();
    const v = await view(child);
    expect(v.schoolEnrolments.filter((e: { endDate: string | null }) => e.endDate == null)).toHaveLength(2);
    expect(v.currentSchool).toEqual({ urn: B });
  });

  it('answers CONFLICT for a start before the current enrolment, or a school already attended', async () => {
    await rejects(ENROL, { childId: child, urn: A, startDate: '2025-12-01' }, 'school_enrolment', 'CONFLICT');
    await rejects(ENROL, { childId: child, urn: B, startDate: '2026-03-01' }, 'school_enrolment', 'CONFLICT');
  });

  it.each([
    ['malformed child id', { childId: 'nope' }],
    ['five-digit URN', { urn: '12345' }],
    ['URN with letters', { urn: '12A456' }],
    ['invalid date', { startDate: '2026-02-30' }],
    ['future date', { startDate: '2999-01-01' }],
    ['NC year out of range', { ncYear: 15 }],
    ['unknown enrol status', { enrolStatus: 'XQ' }],
    ['blank school name', { urn: '654321', schoolName: '  ' }],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_name, patch) => {
    const input = { childId: await newChild(), urn: A, startDate: '2026-01-05', ...patch };
    await rejects(ENROL, input, 'school_enrolment', 'BAD_USER_INPUT', 'XQ');
    expect(await count('school')).toBe(SCHOOLS.length);
  });

  it('answers NOT_FOUND for an unknown URN, and records a new school when its name is given', async () => {
    const pupil = await newChild();
    await rejects(ENROL, { childId: pupil, urn: '654321', startDate: '2026-01-05' }, 'school_enrolment', 'NOT_FOUND');
    const r = await write(ENROL, { input: { childId: pupil, urn: '654321', schoolName: 'Orchard Academy', startDate: '2026-01-05' } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.enrolInSchool.school).toEqual({ name: 'Orchard Academy' });
    expect(await count('school')).toBe(SCHOOLS.length + 1);
  });

  it('takes a child off the roll; CONFLICT when not on the roll or before the start', async () => {
    await rejects(LEAVE, { childId: child, endDate: '2026-01-01' }, 'school_enrolment', 'CONFLICT');
    await rejects(LEAVE, { childId: child, urn: A, endDate: '2026-06-01' }, 'school_enrolment', 'CONFLICT');
    await rejects(LEAVE, { childId: await newChild(), endDate: '2026-06-01' }, 'school_enrolment', 'CONFLICT');
    const sub = await write(LEAVE, { input: { childId: child, urn: C, endDate: '2026-06-01' } });
    expect(sub.data?.leaveSchool).toMatchObject({ urn: C, endDate: '2026-06-01' });
    const main = await write(LEAVE, { input: { childId: child, endDate: '2026-07-22' } });
    expect(main.data?.leaveSchool).toMatchObject({ urn: B, endDate: '2026-07-22' });
    expect((await view(child)).currentSchool).toBeNull();
    await rejects(LEAVE, { childId: child, endDate: '2026-07-23' }, 'school_enrolment', 'CONFLICT');
  });

  it('rejects bad leaving input with BAD_USER_INPUT', async () => {
    await rejects(LEAVE, { childId: child, endDate: '2999-01-01' }, 'school_enrolment', 'BAD_USER_INPUT');
    await rejects(LEAVE, { childId: child, urn: '1', endDate: '2026-01-01' }, 'school_enrolment', 'BAD_USER_INPUT');
  });
});

describe('recordAttendance', () => {
  let valid: Record<string, unknown>;
  beforeAll(async () => {
    valid = { childId: await newChild(), academicYear: '2025/26', term: 'SPRING', sessionsPossible: 120, sessionsAuthorisedAbsence: 4, sessionsUnauthorisedAbsence: 2 };
  });

  it('records a term and computes the attendance rate', async () => {
    const r = await write(ATTEND, { input: valid });
    expect(r.errors).toBeUndefined();
    expect(r.data?.recordAttendance).toEqual({ academicYear: '2025/26', term: 'SPRING', sessionsPossible: 120, attendanceRate: 95 });
  });

  it('answers CONFLICT for a second record of the same term', async () => {
    await rejects(ATTEND, { ...valid, sessionsPossible: 118 }, 'attendance_term', 'CONFLICT');
  });

  it.each([
    ['absences above sessions possible', { sessionsAuthorisedAbsence: 100, sessionsUnauthorisedAbsence: 30 }],
    ['negative absence', { sessionsUnauthorisedAbsence: -1 }],
    ['no sessions possible', { sessionsPossible: 0, sessionsAuthorisedAbsence: 0, sessionsUnauthorisedAbsence: 0 }],
    ['implausible sessions', { sessionsPossible: 999 }],
    ['malformed year', { academicYear: '2025-26' }],
    ['years that do not follow', { academicYear: '2025/27' }],
    ['a term not yet started', { academicYear: '2030/31' }],
    ['unknown term', { term: 'WINTER' }],
    ['malformed child id', { childId: '42' }],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_name, patch) => {
    await rejects(ATTEND, { ...valid, academicYear: '2024/25', ...patch }, 'attendance_term', 'BAD_USER_INPUT', 'WINTER');
  });
});

describe('recordExclusion', () => {
  let valid: Record<string, unknown>;
  beforeAll(async () => {
    valid = { childId: await newChild(), urn: A, category: 'SUSP', reason: 'DB', startDate: '2025-11-10', sessions: 4 };
  });

  it('records a suspension and a lunchtime suspension', async () => {
    const r = await write(EXCLUDE, { input: valid });
    expect(r.errors).toBeUndefined();
    expect(r.data?.recordExclusion).toEqual({ urn: A, category: 'SUSP', reason: 'DB', startDate: '2025-11-10', sessions: 4, school: { urn: A } });
    const lunch = await write(EXCLUDE, { input: { ...valid, category: 'LNCH', sessions: null, startDate: '2025-11-20' } });
    expect(lunch.data?.recordExclusion.sessions).toBe(1);
  });

  it('records a permanent exclusion without a length', async () => {
    const r = await write(EXCLUDE, { input: { ...valid, childId: await newChild(), category: 'PERM', reason: 'PA', sessions: null } });
    expect(r.data?.recordExclusion).toMatchObject({ category: 'PERM', sessions: null });
  });

  it.each([
    ['a suspension without sessions', { sessions: null }],
    ['a suspension of no sessions', { sessions: 0 }],
    ['a suspension beyond 45 days', { sessions: 91 }],
    ['a permanent exclusion with sessions', { category: 'PERM' }],
    ['a lunchtime suspension of two sessions', { category: 'LNCH', sessions: 2 }],
    ['an unknown reason', { reason: 'ZZ' }],
    ['a malformed URN', { urn: '99' }],
    ['a future date', { startDate: '2999-01-01' }],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_name, patch) => {
    await rejects(EXCLUDE, { ...valid, ...patch }, 'exclusion', 'BAD_USER_INPUT');
  });

  it('answers NOT_FOUND for an unknown school', async () => {
    await rejects(EXCLUDE, { ...valid, urn: '100001' }, 'exclusion', 'NOT_FOUND');
  });

  it('answers CONFLICT past 45 school days of suspension from one school in a year', async () => {
    const r = await write(EXCLUDE, { input: { ...valid, startDate: '2026-01-12', sessions: 85 } });
    expect(r.errors).toBeUndefined();
    await rejects(EXCLUDE, { ...valid, startDate: '2026-03-02', sessions: 1 }, 'exclusion', 'CONFLICT');
    // Another school, or the next school year, starts its own count.
    expect((await write(EXCLUDE, { input: { ...valid, urn: B, startDate: '2026-03-02' } })).errors).toBeUndefined();
    expect((await write(EXCLUDE, { input: { ...valid, startDate: '2026-09-14' } })).errors).toBeUndefined();
  });
});

describe('recordPersonalEducationPlan', () => {
  let valid: Record<string, unknown>;
  beforeAll(async () => {
    valid = {
    childId: await newChild(), heldOn: '2026-09-21', targets: ' Read daily with carer. ', pupilPremiumPlusSpend: 450,
    pupilPremiumPlusUse: 'Reading tutor', childsViews: 'I like my teacher.', attendees: ['Designated teacher', 'Child'],
    };
  });

  it('records a PEP meeting, trimming text', async () => {
    const r = await write(PEP, { input: valid });
    expect(r.errors).toBeUndefined();
    expect(r.data?.recordPersonalEducationPlan).toEqual({
      heldOn: '2026-09-21', targets: 'Read daily with carer.', pupilPremiumPlusSpend: 450, attendees: ['Designated teacher', 'Child'], childsViews: 'I like my teacher.',
    });
  });

  it('answers CONFLICT for a second PEP on the same day', async () => {
    await rejects(PEP, valid, 'personal_education_plan', 'CONFLICT');
  });

  it.each([
    ['empty targets', { targets: '   ' }],
    ['no attendees', { attendees: [] }],
    ['a blank attendee', { attendees: ['Carer', ' '] }],
    ['a negative spend', { pupilPremiumPlusSpend: -5 }],
    ['an implausible spend', { pupilPremiumPlusSpend: 1_000_000 }],
    ['a future meeting', { heldOn: '2999-01-01' }],
    ['a malformed child id', { childId: 'child-1' }],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_name, patch) => {
    await rejects(PEP, { ...valid, heldOn: '2026-09-22', ...patch }, 'personal_education_plan', 'BAD_USER_INPUT');
  });
});

describe('who may write', () => {
  it('refuses the DPO (read-only) and a writer without the child in scope, and writes nothing', async () => {
    const child = await newChild();
    await rejects(ENROL, { childId: child, urn: A, startDate: '2026-01-05' }, 'school_enrolment', 'FORBIDDEN', undefined, principal('dpo'));
    await rejects(ENROL, { childId: randomUUID(), urn: A, startDate: '2026-01-05' }, 'school_enrolment', 'FORBIDDEN');
  });

  it('lets a designated teacher write about its pupil only at its own school (row rule "own school")', async () => {
    const pupil = await newChild();
    const teacher = await sg.inScope(principal('designated_teacher', { sub: 'dt-writer', schoolUrn: A }), [pupil]);
    // Into another school: refused, nothing written, and no access for that school follows.
    await rejects(ENROL, { childId: pupil, urn: B, startDate: '2025-09-01' }, 'school_enrolment', 'FORBIDDEN', undefined, teacher);
    await rejects(EXCLUDE, { childId: pupil, urn: B, category: 'SUSP', reason: 'DB', startDate: '2025-11-10', sessions: 4 }, 'exclusion', 'FORBIDDEN', undefined, teacher);
    // At its own school: allowed.
    const r = await sg.queryAs(teacher, ENROL, { input: { childId: pupil, urn: A, startDate: '2025-09-01' } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.enrolInSchool).toMatchObject({ childId: pupil, urn: A });
    const x = await sg.queryAs(teacher, EXCLUDE, { input: { childId: pupil, urn: A, category: 'SUSP', reason: 'DB', startDate: '2025-11-10', sessions: 4 } });
    expect(x.errors).toBeUndefined();
    expect((await view(pupil)).schoolEnrolments).toEqual([{ urn: A, startDate: '2025-09-01', endDate: null, enrolStatus: 'C' }]);
  });
});
