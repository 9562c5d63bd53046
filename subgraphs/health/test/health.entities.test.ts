import { health } from '@caregraph/health';
import { story } from '@caregraph/demo';
import { DPO, ownStatements, startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { codes } from '../../../test/helpers/http.js';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(health, { stories: 60 });
});
afterAll(() => sg.stop());

const LISTS = `healthAssessments { id onTime } nextHealthAssessmentDue immunisations { id } immunisationStatus { upToDate }
  dentalChecks { id } sdqScores { id } gpRegistration { id } healthConditions { id } allergies { id } medications { id }`;
const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Child { id ${LISTS} } } }`;

describe('Child _entities', () => {
  it('resolves references in order; an unknown id is null with FORBIDDEN', async () => {
    const noRecords = '00000000-0000-4000-8000-00000000000b';
    await sg.inScope(DPO, [noRecords]); // a child of the LA with no health records
    const ids = [story(3).id, noRecords, story(1).id, '00000000-0000-4000-8000-000000000000'];
    const r = await sg.query(ENTITIES, { representations: ids.map((id) => ({ __typename: 'Child', id })) });
    expect(r.data?._entities.map((e: { id: string } | null) => e?.id ?? null)).toEqual([...ids.slice(0, 3), null]);
    expect(r.data?._entities[0].healthAssessments.length).toBeGreaterThan(0);
    expect(r.data?._entities[1]).toMatchObject({ healthAssessments: [], immunisations: [], gpRegistration: null });
    expect(r.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['_entities', 3]]]);
  });

  it('resolves 50 references and their lists in one statement per list', async () => {
    const reps = Array.from({ length: 50 }, (_, i) => ({ __typename: 'Child', id: story(i).id, dateOfBirth: story(i).dateOfBirth }));
    sg.sql.length = 0;
    const r = await sg.query(ENTITIES, { representations: reps });
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities).toHaveLength(50);
    // assessments (also behind nextHealthAssessmentDue), immunisations, immunisation status, dental checks,
    // SDQ scores, current GP, conditions, allergies, medications (besides scope and audit)
    expect(ownStatements(sg)).toHaveLength(9);
  });

  it('rejects a malformed reference id', async () => {
    const r = await sg.query(ENTITIES, { representations: [{ __typename: 'Child', id: "1' or 1=1" }] });
    expect(codes(r)).toContain('BAD_USER_INPUT');
  });

  it('rejects a malformed date of birth in a reference', async () => {
    const r = await sg.query(ENTITIES, { representations: [{ __typename: 'Child', id: story(0).id, dateOfBirth: '2020-02-30' }] });
    expect(codes(r)).toContain('BAD_USER_INPUT');
  });
});
