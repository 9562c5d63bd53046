import { education } from '@caregraph/education';
import { SCHOOLS, story } from '@caregraph/demo';
import { DPO, ownStatements, startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { codes } from '../../../test/helpers/http.js';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(education, { stories: 60 });
});
afterAll(() => sg.stop());

const CHILDREN = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Child {
      id
      schoolEnrolments { urn school { name } }
      currentSchool { urn }
      attendance { term }
      exclusions { category }
      senProvision { provision }
      ehcp { requestedOn }
      personalEducationPlans { heldOn }
    }
  }
}`;

const SCHOOL_ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on School { urn name } } }`;

describe('Child _entities', () => {
  it('resolves references in order, with empty lists for a child without education records; an unknown id is null with FORBIDDEN', async () => {
    const noRecords = '00000000-0000-4000-8000-00000000000b';
    await sg.inScope(DPO, [noRecords]); // a child of the LA with no education records
    const ids = [story(3).id, noRecords, story(1).id, '00000000-0000-4000-8000-000000000000'];
    const r = await sg.query(CHILDREN, { representations: ids.map((id) => ({ __typename: 'Child', id })) });
    expect(r.data?._entities.map((e: { id: string } | null) => e?.id ?? null)).toEqual([...ids.slice(0, 3), null]);
    expect(r.data?._entities[1]).toMatchObject({ schoolEnrolments: [], currentSchool: null, ehcp: null, personalEducationPlans: [] });
    expect(r.data?._entities[0].personalEducationPlans.length).toBeGreaterThan(0);
    expect(r.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['_entities', 3]]]);
  });

  it('resolves 50 references and their lists in one statement per list', async () => {
    const reps = Array.from({ length: 50 }, (_, i) => ({ __typename: 'Child', id: story(i).id }));
    sg.sql.length = 0;
    const r = await sg.query(CHILDREN, { representations: reps });
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities).toHaveLength(50);
    // enrolments (also currentSchool), schools, attendance, exclusions, SEN, EHCP, PEPs; no child lookup (besides scope and audit)
    expect(ownStatements(sg)).toHaveLength(7);
  });

  it('rejects a malformed reference id', async () => {
    const r = await sg.query(CHILDREN, { representations: [{ __typename: 'Child', id: "1' or 1=1" }] });
    expect(codes(r)).toContain('BAD_USER_INPUT');
  });
});

describe('School _entities', () => {
  it('resolves schools by URN in order, null for an unknown URN, in one statement', async () => {
    const urns = [SCHOOLS[5]!.urn, '999999', SCHOOLS[0]!.urn];
    sg.sql.length = 0;
    const r = await sg.query(SCHOOL_ENTITIES, { representations: urns.map((urn) => ({ __typename: 'School', urn })) });
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities).toEqual([
      { urn: SCHOOLS[5]!.urn, name: SCHOOLS[5]!.name },
      null,
      { urn: SCHOOLS[0]!.urn, name: SCHOOLS[0]!.name },
    ]);
    expect(sg.sql).toHaveLength(1);
  });

  it('rejects a malformed URN', async () => {
    const r = await sg.query(SCHOOL_ENTITIES, { representations: [{ __typename: 'School', urn: "1' or '1'='1" }] });
    expect(codes(r)).toContain('BAD_USER_INPUT');
  });
});
