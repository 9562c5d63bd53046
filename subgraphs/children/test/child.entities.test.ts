import { children } from '@caregraph/children';
import { story } from '@caregraph/demo';
import { ownStatements, startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { codes } from '../../../test/helpers/http.js';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(children, { stories: 60 });
});
afterAll(() => sg.stop());

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Child { id laChildId caseNotes { id } allocations { role } } }
}`;

describe('Child _entities', () => {
  it('resolves references in order; an unknown id answers null with FORBIDDEN, like a child out of scope', async () => {
    const ids = [story(3).id, '00000000-0000-4000-8000-000000000000', story(1).id];
    const r = await sg.query(ENTITIES, { representations: ids.map((id) => ({ __typename: 'Child', id })) });
    expect(r.data?._entities.map((e: { id: string } | null) => e?.id ?? null)).toEqual([ids[0], null, ids[2]]);
    expect(r.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['_entities', 1]]]);
  });

  it('resolves 50 references and their lists in one statement per list', async () => {
    const reps = Array.from({ length: 50 }, (_, i) => ({ __typename: 'Child', id: story(i).id }));
    sg.sql.length = 0;
    const r = await sg.query(ENTITIES, { representations: reps });
    expect(r.data?._entities).toHaveLength(50);
    // children by id, case notes by child, allocations by child (besides the scope check and the audit write)
    expect(ownStatements(sg)).toHaveLength(3);
  });

  it('rejects a malformed reference id', async () => {
    const r = await sg.query(ENTITIES, { representations: [{ __typename: 'Child', id: "1' or 1=1" }] });
    expect(codes(r)).toContain('BAD_USER_INPUT');
  });
});
