import { health } from '@caregraph/health';
import { signIdentity, createOrm, endRelations, grantRelations, type RelationTuple } from '@caregraph/kit';
import { story } from '@caregraph/demo';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { principal } from '../../../test/helpers/identity.js';
import { codes, type GraphQLResponse } from '../../../test/helpers/http.js';

/**
 * Row scope in the health subgraph, with authorization enforced. Health owns no relationship: the scope of
 * a health practitioner (looked_after, owned by placements) and of a foster carer (carer, also placements)
 * is inserted here directly, through the kit's own grantRelations/endRelations.
 */
let sg: TestSubgraph;
let orm: MikroORM;

async function sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: sg.databaseUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}
const count = async (table: string) => (await sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

const grant = (tuples: Omit<RelationTuple, 'from'>[], from = '2020-01-01') =>
  orm.em.fork().transactional((tx) => grantRelations(tx as never, 'placements', tuples.map((t) => ({ from, ...t }))));
const today = () => new Date().toISOString().slice(0, 10);

const LA = principal('health_practitioner').la;
const HP = principal('health_practitioner', { sub: 'nurse-scope-test' });
const OTHER_LA_HP = principal('health_practitioner', { sub: 'nurse-elsewhere', la: 'E09000001' });
const FC = principal('foster_carer', { sub: 'carer-scope-test' });

/** Stories 0-49 are looked after by the LA; 50 is placed with FC; 55-59 exist (with health records) but are nobody's. */
const IN_SCOPE = Array.from({ length: 50 }, (_, i) => story(i).id);
const PLACED = story(50).id;
const OUT_OF_SCOPE = story(55).id;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const LISTS = `healthAssessments { id onTime } nextHealthAssessmentDue immunisations { id } immunisationStatus { upToDate }
  dentalChecks { id } sdqScores { id } gpRegistration { id } healthConditions { id } allergies { id } medications { id }`;
const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Child { id ${LISTS} } } }`;
const reps = (...ids: string[]) => ({ representations: ids.map((id) => ({ __typename: 'Child', id })) });

/** null at `_entities[index]` with exactly one FORBIDDEN error at that path. */
function expectForbiddenAt(r: GraphQLResponse, index: number) {
  expect(r.data?._entities[index]).toBeNull();
  const errors = (r.errors ?? []).filter((e) => e.path?.[0] === '_entities' && e.path?.[1] === index);
  expect(errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
}

beforeAll(async () => {
  sg = await startTestSubgraph(health, { stories: 60 });
  orm = await createOrm({ databaseUrl: sg.databaseUrl, schema: 'access', entities: [], migrations: [], poolMax: 2 });
  await grant([
    ...IN_SCOPE.map((childId) => ({ relation: 'looked_after' as const, subject: LA, childId })),
    { relation: 'carer', subject: FC.sub, childId: PLACED },
  ]);
  // A placement that ended long ago gives its carer nothing now.
  await grant([{ relation: 'carer', subject: FC.sub, childId: OUT_OF_SCOPE, to: '2022-06-01' }], '2021-01-01');
});
afterAll(async () => {
  await orm?.close(true);
  await sg?.stop();
});

describe('identity', () => {
  it.each([
    ['_entities', ENTITIES, reps(IN_SCOPE[0]!)],
    ['_service', '{ _service { sdl } }', {}],
    ['a mutation', 'mutation { recordDentalCheck(input: { childId: "' + IN_SCOPE[0] + '", checkedOn: "2026-01-01" }) { id } }', {}],
  ])('refuses %s without the gateway identity: 401 UNAUTHENTICATED, nothing resolved', async (_name, query, vars) => {
    const r = await sg.raw(query, vars);
    expect(r.status).toBe(401);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.data ?? null).toBeNull();
  });

  it('refuses an identity signed with another secret', async () => {
    const forged = await signIdentity(HP, 'some-other-secret-that-is-long-enough-too');
    const r = await sg.raw('{ _service { sdl } }', {}, { 'x-caregraph-identity': forged });
    expect(r.status).toBe(401);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('Child _entities', () => {
  it('resolves a looked-after child of the practitioner’s LA with its whole health record', async () => {
    const r = await sg.queryAs(HP, ENTITIES, reps(IN_SCOPE[0]!));
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities[0]).toMatchObject({ id: IN_SCOPE[0] });
    expect(r.data?._entities[0].healthAssessments.length).toBeGreaterThan(0);
    expect(r.data?._entities[0].allergies.length).toBeGreaterThan(0); // a featured child
  });

  it('answers null + FORBIDDEN alike for an existing child out of scope and for an unknown id; the rest resolves', async () => {
    const r = await sg.queryAs(HP, ENTITIES, reps(OUT_OF_SCOPE, IN_SCOPE[1]!, UNKNOWN));
    expectForbiddenAt(r, 0);
    expectForbiddenAt(r, 2);
    expect(r.data?._entities[1]).toMatchObject({ id: IN_SCOPE[1] });
    expect(r.errors).toHaveLength(2);
    const [a, b] = [0, 2].map((i) => r.errors!.find((e) => e.path?.[1] === i)!);
    expect({ ...a, path: undefined }).toEqual({ ...b, path: undefined });
  });

  it('gives a practitioner of another LA nothing', async () => {
    const r = await sg.queryAs(OTHER_LA_HP, ENTITIES, reps(IN_SCOPE[0]!));
    expectForbiddenAt(r, 0);
  });

  it('still rejects a malformed id or date of birth as BAD_USER_INPUT', async () => {
    const bad = await sg.queryAs(HP, ENTITIES, { representations: [{ __typename: 'Child', id: "1' or 1=1" }] });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const dob = await sg.queryAs(HP, ENTITIES, { representations: [{ __typename: 'Child', id: IN_SCOPE[0], dateOfBirth: '2020-02-30' }] });
    expect(codes(dob)).toEqual(['BAD_USER_INPUT']);
  });

  it('checks the scope of 50 representations with one statement', async () => {
    const representations = IN_SCOPE.map((id, i) => ({ __typename: 'Child', id, dateOfBirth: story(i).dateOfBirth }));
    sg.sql.length = 0;
    const r = await sg.queryAs(HP, ENTITIES, { representations });
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities.map((e: { id: string }) => e.id)).toEqual(IN_SCOPE);
    expect(sg.sql.filter((s) => s.includes('"access"."relationship"'))).toHaveLength(1);
    // the nine lists: one statement each
    expect(sg.sql.filter((s) => s.includes('"health".'))).toHaveLength(9);
  });

  it('records the read of an in-scope child in the audit trail, and the refused attempt on the other', async () => {
    await sg.queryAs(principal('health_practitioner', { sub: 'nurse-audit-test' }), ENTITIES, reps(IN_SCOPE[2]!, OUT_OF_SCOPE));
    const rows = await sql(`select child_id, subgraph, role, kind from audit.access_event where sub = 'nurse-audit-test' order by kind`);
    expect(rows).toEqual([
      { child_id: IN_SCOPE[2], subgraph: 'health', role: 'health_practitioner', kind: 'read' },
      { child_id: OUT_OF_SCOPE, subgraph: 'health', role: 'health_practitioner', kind: 'refused' },
    ]);
  });

  it('follows the looked_after tuple in time: visible while current, FORBIDDEN once it has ended', async () => {
    const childId = story(56).id;
    expectForbiddenAt(await sg.queryAs(HP, ENTITIES, reps(childId)), 0);
    // Looked after only from tomorrow: not yet.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await grant([{ relation: 'looked_after', subject: LA, childId }], tomorrow);
    expectForbiddenAt(await sg.queryAs(HP, ENTITIES, reps(childId)), 0);

    await grant([{ relation: 'looked_after', subject: LA, childId }], '2023-03-01');
    const seen = await sg.queryAs(HP, ENTITIES, reps(childId));
    expect(seen.errors).toBeUndefined();
    expect(seen.data?._entities[0]).toMatchObject({ id: childId });

    // The child leaves care today: from that moment the practitioner sees nothing.
    await orm.em.fork().transactional((tx) => endRelations(tx as never, { relation: 'looked_after', childId, at: today() }));
    expectForbiddenAt(await sg.queryAs(HP, ENTITIES, reps(childId)), 0);
  });

  it('lets a foster carer in scope read allergies and medication but not the other clinical detail', async () => {
    const r = await sg.queryAs(FC, `query($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on Child { id allergies { id } medications { id } healthConditions { id } } } }`, reps(PLACED, OUT_OF_SCOPE));
    expect(r.data?._entities[0]).toMatchObject({ id: PLACED, allergies: expect.any(Array), medications: expect.any(Array), healthConditions: null });
    expect(r.errors?.find((e) => e.path?.join('.') === '_entities.0.healthConditions')?.extensions?.code).toBe('FORBIDDEN');
    // The placement with this carer ended in 2022.
    expectForbiddenAt(r, 1);
  });
});

describe('mutations', () => {
  const DENTAL = `mutation($input: RecordDentalCheckInput!) { recordDentalCheck(input: $input) { id checkedOn } }`;
  const HA = `mutation($input: RecordHealthAssessmentInput!) { recordHealthAssessment(input: $input) { id completedOn } }`;
  const MUTATIONS: [string, string, string, (childId: string) => Record<string, unknown>][] = [
    ['recordHealthAssessment', 'health.health_assessment', HA, (childId) => ({ childId, kind: 'REVIEW', dueOn: '2026-01-10' })],
    ['recordImmunisation', 'health.immunisation',
      `mutation($input: RecordImmunisationInput!) { recordImmunisation(input: $input) { id } }`,
      (childId) => ({ childId, vaccine: 'FLU', dateGiven: '2025-10-01', upToDate: true })],
    ['recordDentalCheck', 'health.dental_check', DENTAL, (childId) => ({ childId, checkedOn: '2025-11-11' })],
    ['recordSdqScore', 'health.sdq_score',
      `mutation($input: RecordSdqScoreInput!) { recordSdqScore(input: $input) { id } }`,
      (childId) => ({ childId, assessedOn: '2025-12-01', score: 12 })],
    ['registerWithGp', 'health.gp_registration',
      `mutation($input: RegisterWithGpInput!) { registerWithGp(input: $input) { id } }`,
      (childId) => ({ childId, practiceName: 'Scope Test Surgery', odsCode: 'E87999', registeredFrom: today() })],
  ];

  /** Runs a mutation that must fail with `code` and change nothing in `table` or in the access store. */
  async function refused(code: string, table: string, run: () => Promise<GraphQLResponse>) {
    const [before, tuples] = [await count(table), await count('access.relationship')];
    const r = await run();
    expect(codes(r)).toEqual([code]);
    expect(Object.values(r.data ?? {}).every((v) => v === null)).toBe(true);
    expect(await count(table)).toBe(before);
    expect(await count('access.relationship')).toBe(tuples);
  }

  it.each(MUTATIONS)('%s: a foster carer with the child placed with them is refused (writeHealth is not theirs)', async (_n, table, m, input) => {
    await refused('FORBIDDEN', table, () => sg.queryAs(FC, m, { input: input(PLACED) }));
  });

  it.each(MUTATIONS)('%s: a practitioner is refused for a child out of scope, existing or not', async (_n, table, m, input) => {
    await refused('FORBIDDEN', table, () => sg.queryAs(HP, m, { input: input(OUT_OF_SCOPE) }));
    await refused('FORBIDDEN', table, () => sg.queryAs(HP, m, { input: input(UNKNOWN) }));
  });

  it.each(MUTATIONS)('%s: a practitioner writes for a child in scope; no relationship tuple changes (health owns none)', async (name, table, m, input) => {
    const [before, tuples] = [await count(table), await sql(`select * from access.relationship order by id`)];
    const r = await sg.queryAs(HP, m, { input: input(IN_SCOPE[3]!) });
    expect(r.errors).toBeUndefined();
    expect(r.data?.[name].id).toEqual(expect.any(String));
    expect(await count(table)).toBe(before + 1);
    expect(await sql(`select * from access.relationship order by id`)).toEqual(tuples);
  });

  it('says FORBIDDEN, not CONFLICT, about a child out of scope', async () => {
    await sql(`insert into health.dental_check (id, child_id, checked_on) values (gen_random_uuid(), $1, '2019-02-03')`, [OUT_OF_SCOPE]);
    await refused('FORBIDDEN', 'health.dental_check', () => sg.queryAs(HP, DENTAL, { input: { childId: OUT_OF_SCOPE, checkedOn: '2019-02-03' } }));
  });

  describe('completing an assessment by id checks the assessment’s child', () => {
    const completion = { completedOn: '2026-01-20', completedByRole: 'NURSE' };
    const dueOf = async (childId: string) => {
      const [row] = await sql(`select id from health.health_assessment where child_id = $1 and kind = 'REVIEW' and completed_on is null limit 1`, [childId]);
      if (row) return row.id as string;
      const [made] = await sql(`insert into health.health_assessment (id, child_id, kind, due_on) values (gen_random_uuid(), $1, 'REVIEW', '2026-01-15') returning id`, [childId]);
      return made.id as string;
    };
    const completedOn = async (id: string) => (await sql(`select completed_on::text as d from health.health_assessment where id = $1`, [id]))[0]!.d;

    it('refuses an assessment of a child out of scope, and leaves it due', async () => {
      const id = await dueOf(OUT_OF_SCOPE);
      await refused('FORBIDDEN', 'health.health_assessment', () => sg.queryAs(HP, HA, { input: { id, ...completion } }));
      expect(await completedOn(id)).toBeNull();
    });

    it('answers an unknown assessment id the same way', async () => {
      await refused('FORBIDDEN', 'health.health_assessment', () => sg.queryAs(HP, HA, { input: { id: UNKNOWN, ...completion } }));
    });

    it('says FORBIDDEN, not CONFLICT, for a completed assessment of a child out of scope', async () => {
      const [{ id }] = await sql(`insert into health.health_assessment (id, child_id, kind, due_on, completed_on, completed_by_role)
        values (gen_random_uuid(), $1, 'REVIEW', '2025-05-01', '2025-04-20', 'NURSE') returning id`, [OUT_OF_SCOPE]);
      await refused('FORBIDDEN', 'health.health_assessment', () => sg.queryAs(HP, HA, { input: { id, ...completion } }));
    });

    it('refuses a foster carer even for the child placed with them', async () => {
      const id = await dueOf(PLACED);
      await refused('FORBIDDEN', 'health.health_assessment', () => sg.queryAs(FC, HA, { input: { id, ...completion } }));
      expect(await completedOn(id)).toBeNull();
    });

    it('completes one of a child in scope', async () => {
      const id = await dueOf(IN_SCOPE[4]!);
      const r = await sg.queryAs(HP, HA, { input: { id, ...completion } });
      expect(r.errors).toBeUndefined();
      expect(r.data?.recordHealthAssessment).toEqual({ id, completedOn: '2026-01-20' });
    });
  });
});

describe('demo seeding', () => {
  it('writes no relationship tuples: health owns none (placements writes looked_after and carer)', async () => {
    expect(await count(`access.relationship where written_by = 'health'`)).toBe(0);
  });
});
