import { placements } from '@caregraph/placements';
import { story } from '@caregraph/demo';
import { DPO, ownStatements, startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { codes } from '../../../test/helpers/http.js';

let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(placements, { stories: 60 });
});
afterAll(() => sg.stop());

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const CHILD = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Child { id inCare placements { id } currentPlacement { id } episodes { reasonNewEpisode } }
  }
}`;
const PLACEMENT = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Placement { id startDate } } }`;
const CARER = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Carer { id name } } }`;

async function placementIds(n: number): Promise<string[]> {
  const reps = Array.from({ length: n }, (_, i) => ({ __typename: 'Child', id: story(i).id }));
  const r = await sg.query(CHILD, { representations: reps });
  return r.data?._entities.map((c: { placements: { id: string }[] }) => c.placements[0]!.id);
}

describe('Child _entities', () => {
  it('resolves references in order; a child without records has empty lists; an unknown id is null with FORBIDDEN', async () => {
    const noRecords = '00000000-0000-4000-8000-00000000000b';
    await sg.inScope(DPO, [noRecords]); // a child of the LA with no placements yet
    const ids = [story(3).id, noRecords, story(1).id, UNKNOWN];
    const r = await sg.query(CHILD, { representations: ids.map((id) => ({ __typename: 'Child', id })) });
    expect(r.data?._entities.map((e: { id: string } | null) => e?.id ?? null)).toEqual([...ids.slice(0, 3), null]);
    expect(r.data?._entities[1]).toEqual({ id: noRecords, inCare: false, placements: [], currentPlacement: null, episodes: [] });
    expect(r.data?._entities[0].placements).toHaveLength(story(3).placements.length);
    expect(r.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['_entities', 3]]]);
  });

  it('resolves 50 references and their lists in one statement per list', async () => {
    const reps = Array.from({ length: 50 }, (_, i) => ({ __typename: 'Child', id: story(i).id }));
    sg.sql.length = 0;
    const r = await sg.query(CHILD, { representations: reps });
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities).toHaveLength(50);
    // placements by child (also currentPlacement and inCare), episodes by child (besides scope and audit)
    expect(ownStatements(sg)).toHaveLength(2);
  });

  it('rejects a malformed reference id', async () => {
    const r = await sg.query(CHILD, { representations: [{ __typename: 'Child', id: "1' or 1=1" }] });
    expect(codes(r)).toContain('BAD_USER_INPUT');
  });
});

describe('Placement _entities', () => {
  it('resolves references in order, null with FORBIDDEN for unknown ids, in one statement', async () => {
    const ids = await placementIds(50);
    const reps = [...ids.slice(0, 25), UNKNOWN, ...ids.slice(25)].map((id) => ({ __typename: 'Placement', id }));
    sg.sql.length = 0;
    const r = await sg.query(PLACEMENT, { representations: reps });
    expect(r.data?._entities.map((e: { id: string } | null) => e?.id ?? null)).toEqual([...ids.slice(0, 25), null, ...ids.slice(25)]);
    expect(r.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['_entities', 25]]]);
    expect(ownStatements(sg)).toHaveLength(1);
  });

  it('rejects a malformed reference id', async () => {
    const r = await sg.query(PLACEMENT, { representations: [{ __typename: 'Placement', id: 'nope' }] });
    expect(codes(r)).toContain('BAD_USER_INPUT');
  });
});

describe('Carer _entities', () => {
  it('resolves references in order, null + FORBIDDEN for unknown ids (as for a carer not visible), in one statement', async () => {
    const ids = ['carer-010', 'carer-999', 'carer-001', 'carer-006'];
    sg.sql.length = 0;
    const r = await sg.query(CARER, { representations: ids.map((id) => ({ __typename: 'Carer', id })) });
    expect(r.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['_entities', 1]]]);
    expect(r.data?._entities.map((e: { id: string } | null) => e?.id ?? null)).toEqual(['carer-010', null, 'carer-001', 'carer-006']);
    expect(ownStatements(sg)).toHaveLength(1);
  });

  it('loads the current placements of many carers in one statement', async () => {
    const reps = Array.from({ length: 30 }, (_, i) => ({ __typename: 'Carer', id: `carer-${String(i + 1).padStart(3, '0')}` }));
    sg.sql.length = 0;
    const r = await sg.query(
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Carer { id currentPlacements { id endDate } } } }`,
      { representations: reps },
    );
    expect(r.errors).toBeUndefined();
    const all = r.data?._entities.flatMap((c: { currentPlacements: { endDate: string | null }[] }) => c.currentPlacements);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((p: { endDate: string | null }) => p.endDate === null)).toBe(true);
    expect(ownStatements(sg)).toHaveLength(2);
  });

  it('rejects a malformed reference id', async () => {
    const r = await sg.query(CARER, { representations: [{ __typename: 'Carer', id: 'carer 1; drop' }] });
    expect(codes(r)).toContain('BAD_USER_INPUT');
  });
});
