import { health } from '@caregraph/health';
import { story } from '@caregraph/demo';
import pg from 'pg';
import { startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { codes, type GraphQLResponse } from '../../../test/helpers/http.js';
import { principal, WRITERS } from '../../../test/helpers/identity.js';

/** Writes as a looked-after children's nurse (writeHealth); reads as the DPO (`sg.query`), who is read-only. */
const writer = WRITERS.health;
let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(health, { stories: 5 });
  await sg.inScope(writer, [NEW_CHILD, story(1).id]);
});
const write = (query: string, variables: Record<string, unknown>) => sg.queryAs(writer, query, variables);
afterAll(() => sg.stop());

async function sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: sg.databaseUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}
const count = async (table: string) => (await sql<{ n: number }>(`select count(*)::int as n from health.${table}`))[0]!.n;

/** Runs a mutation that must fail with `code` and leave `table` as it was. */
async function rejects(code: string, table: string, run: () => Promise<GraphQLResponse>) {
  const before = await count(table);
  const r = await run();
  expect(codes(r)).toEqual([code]);
  expect(await count(table)).toBe(before);
  return r;
}

const NEW_CHILD = 'a1b2c3d4-0000-4000-8000-000000000001';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const RECORD_HA = `mutation($input: RecordHealthAssessmentInput!) {
  recordHealthAssessment(input: $input) { id kind dueOn completedOn completedByRole outcome onTime }
}`;
const recordHa = (input: Record<string, unknown>) => write(RECORD_HA, { input });

describe('recordHealthAssessment', () => {
  let dueId: string;

  it('records an assessment still due', async () => {
    const r = await recordHa({ childId: NEW_CHILD, kind: 'INITIAL', dueOn: '2026-02-02' });
    expect(r.errors).toBeUndefined();
    expect(r.data?.recordHealthAssessment).toMatchObject({ kind: 'INITIAL', dueOn: '2026-02-02', completedOn: null, onTime: false });
    dueId = r.data?.recordHealthAssessment.id;
  });

  it('completes a due assessment by id', async () => {
    const r = await recordHa({ id: dueId, completedOn: '2026-01-28', completedByRole: 'DOCTOR', outcome: '  Well; health plan agreed.  ' });
    expect(r.errors).toBeUndefined();
    expect(r.data?.recordHealthAssessment).toMatchObject({ id: dueId, completedOn: '2026-01-28', outcome: 'Well; health plan agreed.', onTime: true });
  });

  it('answers CONFLICT when completing an assessment already completed, and changes nothing', async () => {
    await rejects('CONFLICT', 'health_assessment', () => recordHa({ id: dueId, completedOn: '2026-03-01', completedByRole: 'DOCTOR' }));
    const [row] = await sql(`select completed_on::text as d from health.health_assessment where id = $1`, [dueId]);
    expect(row.d).toBe('2026-01-28');
  });

  it('answers FORBIDDEN for an unknown id, as for an assessment of a child out of scope (ids cannot be probed)', async () => {
    await rejects('FORBIDDEN', 'health_assessment', () => recordHa({ id: UNKNOWN, completedOn: '2026-03-01', completedByRole: 'NURSE' }));
    const [theirs] = await sql(`select id from health.health_assessment where child_id = $1 order by completed_on nulls first limit 1`, [story(4).id]);
    await rejects('FORBIDDEN', 'health_assessment', () => recordHa({ id: theirs.id, completedOn: '2026-03-01', completedByRole: 'NURSE' }));
  });

  it('records a completed review and schedules the next from it', async () => {
    const r = await recordHa({ childId: NEW_CHILD, kind: 'REVIEW', dueOn: '2026-07-28', completedOn: '2026-08-10', completedByRole: 'NURSE' });
    expect(r.data?.recordHealthAssessment).toMatchObject({ completedByRole: 'NURSE', onTime: false });
    const e = await sg.query(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Child { nextHealthAssessmentDue healthAssessments { id } } } }`,
      { r: [{ __typename: 'Child', id: NEW_CHILD, dateOfBirth: '2015-05-05' }] });
    expect(e.data?._entities[0]).toMatchObject({ nextHealthAssessmentDue: '2027-08-10' });
    expect(e.data?._entities[0].healthAssessments).toHaveLength(2);
  });

  it.each([
    ['malformed child id', { childId: 'nope', kind: 'REVIEW', dueOn: '2026-01-01' }],
    ['malformed assessment id', { id: 'nope', completedOn: '2026-01-01', completedByRole: 'NURSE' }],
    ['unknown kind', { childId: NEW_CHILD, kind: 'ANNUAL', dueOn: '2026-01-01' }],
    ['invalid due date', { childId: NEW_CHILD, kind: 'REVIEW', dueOn: '2026-02-30' }],
    ['completion in the future', { childId: NEW_CHILD, kind: 'REVIEW', dueOn: '2026-01-01', completedOn: '2999-01-01', completedByRole: 'NURSE' }],
    ['completion without a role', { childId: NEW_CHILD, kind: 'REVIEW', dueOn: '2026-01-01', completedOn: '2026-01-01' }],
    ['role without completion', { childId: NEW_CHILD, kind: 'REVIEW', dueOn: '2026-01-01', completedByRole: 'NURSE' }],
    ['outcome without completion', { childId: NEW_CHILD, kind: 'REVIEW', dueOn: '2026-01-01', outcome: 'Well' }],
    ['blank outcome', { childId: NEW_CHILD, kind: 'REVIEW', dueOn: '2026-01-01', completedOn: '2026-01-01', completedByRole: 'NURSE', outcome: '  ' }],
    ['initial assessment by a nurse', { childId: NEW_CHILD, kind: 'INITIAL', dueOn: '2026-01-01', completedOn: '2026-01-01', completedByRole: 'NURSE' }],
    ['new assessment without a due date', { childId: NEW_CHILD, kind: 'REVIEW' }],
    ['new assessment without a kind', { childId: NEW_CHILD, dueOn: '2026-01-01' }],
    ['neither id nor child', { completedOn: '2026-01-01', completedByRole: 'NURSE' }],
    ['both id and child', { id: UNKNOWN, childId: NEW_CHILD, completedOn: '2026-01-01', completedByRole: 'NURSE' }],
    ['completing without a completion date', { id: UNKNOWN }],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_name, input) => {
    const r = await rejects('BAD_USER_INPUT', 'health_assessment', () => recordHa(input));
    expect(JSON.stringify(r.errors)).not.toContain('ANNUAL');
  });

  it('rejects completing a due initial assessment by a nurse, and leaves it due', async () => {
    const due = await recordHa({ childId: NEW_CHILD, kind: 'INITIAL', dueOn: '2026-09-01' });
    const id = due.data?.recordHealthAssessment.id;
    await rejects('BAD_USER_INPUT', 'health_assessment', () => recordHa({ id, completedOn: '2026-08-20', completedByRole: 'NURSE' }));
    const [row] = await sql(`select completed_on from health.health_assessment where id = $1`, [id]);
    expect(row.completed_on).toBeNull();
  });
});

describe('recordImmunisation', () => {
  const RECORD = `mutation($input: RecordImmunisationInput!) { recordImmunisation(input: $input) { id vaccine dateGiven } }`;
  const STATUS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Child { immunisationStatus { upToDate asAt } immunisations { vaccine } } } }`;
  const status = async () => (await sg.query(STATUS, { r: [{ __typename: 'Child', id: NEW_CHILD }] })).data?._entities[0];

  it('records a dose and the resulting status; an older dose does not overwrite a newer status', async () => {
    const r = await write(RECORD, { input: { childId: NEW_CHILD, vaccine: 'MMR', dateGiven: '2026-03-01', upToDate: false } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.recordImmunisation).toMatchObject({ vaccine: 'MMR', dateGiven: '2026-03-01' });
    await write(RECORD, { input: { childId: NEW_CHILD, vaccine: 'DTAP_IPV', dateGiven: '2026-04-01', upToDate: true } });
    await write(RECORD, { input: { childId: NEW_CHILD, vaccine: 'FLU', dateGiven: '2026-01-01', upToDate: false } });
    expect(await status()).toEqual({ immunisationStatus: { upToDate: true, asAt: '2026-04-01' }, immunisations: [{ vaccine: 'FLU' }, { vaccine: 'MMR' }, { vaccine: 'DTAP_IPV' }] });
  });

  it.each([
    ['unknown vaccine', { vaccine: 'XYZ' }],
    ['future date', { dateGiven: '2999-01-01' }],
    ['invalid date', { dateGiven: '2026-13-01' }],
    ['malformed child id', { childId: 'x' }],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_name, patch) => {
    const statusBefore = await count('immunisation_status');
    await rejects('BAD_USER_INPUT', 'immunisation', () =>
      write(RECORD, { input: { childId: story(1).id, vaccine: 'MMR', dateGiven: '2026-03-01', upToDate: true, ...patch } }));
    expect(await count('immunisation_status')).toBe(statusBefore);
  });
});

describe('recordDentalCheck', () => {
  const RECORD = `mutation($input: RecordDentalCheckInput!) { recordDentalCheck(input: $input) { id checkedOn } }`;

  it('records a dental check', async () => {
    const r = await write(RECORD, { input: { childId: NEW_CHILD, checkedOn: '2026-05-05' } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.recordDentalCheck.checkedOn).toBe('2026-05-05');
  });

  it('answers CONFLICT for a second check on the same day', async () => {
    await rejects('CONFLICT', 'dental_check', () => write(RECORD, { input: { childId: NEW_CHILD, checkedOn: '2026-05-05' } }));
  });

  it.each([
    ['future date', { checkedOn: '2999-01-01' }],
    ['malformed child id', { childId: '123' }],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_name, patch) => {
    await rejects('BAD_USER_INPUT', 'dental_check', () => write(RECORD, { input: { childId: NEW_CHILD, checkedOn: '2026-06-01', ...patch } }));
  });
});

describe('recordSdqScore', () => {
  const RECORD = `mutation($input: RecordSdqScoreInput!) { recordSdqScore(input: $input) { id assessedOn score reason } }`;

  it.each([
    ['a score', { score: 17 }, { score: 17, reason: null }],
    ['a score of 0', { score: 0 }, { score: 0, reason: null }],
    ['a score of 40', { score: 40 }, { score: 40, reason: null }],
    ['a reason', { reason: 'SDQ5' }, { score: null, reason: 'SDQ5' }],
  ])('records %s', async (_name, patch, expected) => {
    const r = await write(RECORD, { input: { childId: NEW_CHILD, assessedOn: '2026-06-01', ...patch } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.recordSdqScore).toMatchObject(expected);
  });

  it.each([
    ['neither score nor reason', {}],
    ['both score and reason', { score: 10, reason: 'SDQ1' }],
    ['a score above 40', { score: 41 }],
    ['a negative score', { score: -1 }],
    ['a fractional score', { score: 12.5 }],
    ['an unknown reason', { reason: 'SDQ9' }],
    ['a future date', { score: 10, assessedOn: '2999-01-01' }],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_name, patch) => {
    await rejects('BAD_USER_INPUT', 'sdq_score', () => write(RECORD, { input: { childId: NEW_CHILD, assessedOn: '2026-06-01', ...patch } }));
  });
});

describe('registerWithGp', () => {
  const REGISTER = `mutation($input: RegisterWithGpInput!) { registerWithGp(input: $input) { id practiceName odsCode registeredFrom registeredTo } }`;
  const register = (patch: Record<string, unknown> = {}) =>
    write(REGISTER, { input: { childId: NEW_CHILD, practiceName: 'Hayes Medical Centre', odsCode: 'E87601', registeredFrom: '2026-02-01', ...patch } });
  const history = () => sql(`select ods_code, registered_from::text as f, registered_to::text as t from health.gp_registration where child_id = $1 order by registered_from`, [NEW_CHILD]);

  it('registers a child with a practice', async () => {
    const r = await register();
    expect(r.errors).toBeUndefined();
    expect(r.data?.registerWithGp).toMatchObject({ odsCode: 'E87601', registeredTo: null });
  });

  it('ends the current registration the same day a new one starts', async () => {
    const r = await register({ practiceName: 'Ruislip Surgery', odsCode: 'e87602 ', registeredFrom: '2026-06-15' });
    expect(r.data?.registerWithGp).toMatchObject({ odsCode: 'E87602', registeredFrom: '2026-06-15' });
    expect(await history()).toEqual([
      { ods_code: 'E87601', f: '2026-02-01', t: '2026-06-15' },
      { ods_code: 'E87602', f: '2026-06-15', t: null },
    ]);
    const e = await sg.query(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Child { gpRegistration { odsCode } } } }`, { r: [{ __typename: 'Child', id: NEW_CHILD }] });
    expect(e.data?._entities[0].gpRegistration).toEqual({ odsCode: 'E87602' });
  });

  it.each([
    ['the same practice again', { odsCode: 'E87602', registeredFrom: '2026-07-01' }],
    ['a start before the current registration', { odsCode: 'E87603', registeredFrom: '2026-06-01' }],
  ])('answers CONFLICT for %s and changes nothing', async (_name, patch) => {
    await rejects('CONFLICT', 'gp_registration', () => register(patch));
    expect((await history()).at(-1)).toEqual({ ods_code: 'E87602', f: '2026-06-15', t: null });
  });

  it.each([
    ['a malformed ODS code', { odsCode: 'ABC' }],
    ['a blank practice name', { practiceName: ' ' }],
    ['a future date', { registeredFrom: '2999-01-01' }],
    ['a malformed child id', { childId: 'child-1' }],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_name, patch) => {
    await rejects('BAD_USER_INPUT', 'gp_registration', () => register({ odsCode: 'E87609', registeredFrom: '2026-08-01', ...patch }));
    expect((await history()).at(-1)?.t).toBeNull();
  });
});

describe('who may write', () => {
  const DENTAL = `mutation($input: RecordDentalCheckInput!) { recordDentalCheck(input: $input) { checkedOn } }`;

  it('refuses the DPO (read-only), a nurse without the child in scope, and a role without writeHealth; writes nothing', async () => {
    const input = { childId: NEW_CHILD, checkedOn: '2026-07-07' };
    await rejects('FORBIDDEN', 'dental_check', () => sg.query(DENTAL, { input }));
    await rejects('FORBIDDEN', 'dental_check', () => write(DENTAL, { input: { ...input, childId: story(3).id } }));
    const worker = await sg.inScope(principal('social_worker', { sub: 'sw-health' }), [NEW_CHILD]);
    await rejects('FORBIDDEN', 'dental_check', () => sg.queryAs(worker, DENTAL, { input }));
  });
});
