import { placements } from '@caregraph/placements';
import { CARERS, DEMO_TODAY, story, type ChildStory } from '@caregraph/demo';
import pg from 'pg';
import { startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { codes } from '../../../test/helpers/http.js';

const STORIES = 30;
let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(placements, { stories: STORIES });
});
afterAll(() => sg.stop());

async function count(table: string): Promise<number> {
  const c = new pg.Client({ connectionString: sg.databaseUrl });
  await c.connect();
  const { rows } = await c.query(`select count(*)::int as n from placements.${table}`);
  await c.end();
  return rows[0].n;
}

const CHILD = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Child {
    id inCare
    placements { id placementType provider urn startDate endDate reasonForChange carer { id kind } }
    currentPlacement { id carer { id } }
    episodes { startDate endDate reasonNewEpisode reasonCeased reasonPlacementChange legalStatus categoryOfNeed placementType placement { id } }
  } }
}`;

interface EpisodeRow { startDate: string; endDate: string | null; reasonNewEpisode: string; reasonCeased: string | null; reasonPlacementChange: string | null; placementType: string; placement: { id: string } }

async function childView(s: ChildStory) {
  const r = await sg.query(CHILD, { representations: [{ __typename: 'Child', id: s.id }] });
  expect(r.errors).toBeUndefined();
  return r.data?._entities[0];
}

const stories = Array.from({ length: STORIES }, (_, i) => story(i));

describe('placements subgraph', () => {
  it('seeds carers once, one placement per story placement, and episodes for every placement', async () => {
    expect(await count('carer')).toBe(CARERS.length);
    expect(await count('placement')).toBe(stories.reduce((n, s) => n + s.placements.length, 0));
    expect(await count('episode')).toBeGreaterThanOrEqual(await count('placement'));
  });

  it('seeds episode chains that keep the SSDA903 rules for every child', async () => {
    const c = new pg.Client({ connectionString: sg.databaseUrl });
    await c.connect();
    const { rows } = await c.query(`select e.*, to_char(e.start_date, 'YYYY-MM-DD') as start, to_char(e.end_date, 'YYYY-MM-DD') as end,
      p.carer_id from placements.episode e join placements.placement p on p.id = e.placement_id order by e.child_id, e.start_date`);
    await c.end();
    const byChild = new Map<string, any[]>();
    for (const r of rows) byChild.set(r.child_id, [...(byChild.get(r.child_id) ?? []), r]);
    expect(byChild.size).toBe(STORIES);
    for (const s of stories) {
      const eps = byChild.get(s.id)!;
      expect(eps[0].reason_new_episode).toBe('S');
      expect(eps[0].start).toBe(s.careStart);
      expect(eps.at(-1).end).toBe(s.careEnd);
      expect(eps.at(-1).reason_ceased == null).toBe(s.careEnd == null);
      for (let k = 1; k < eps.length; k++) {
        const [prev, next] = [eps[k - 1], eps[k]];
        expect([prev.end, prev.reason_ceased]).toEqual([next.start, 'X1']);
        const moved = prev.placement_id !== next.placement_id;
        const expected = !moved ? 'L'
          : prev.legal_status !== next.legal_status ? (prev.carer_id === next.carer_id ? 'U' : 'B')
          : prev.carer_id === next.carer_id ? 'T' : 'P';
        expect(next.reason_new_episode).toBe(expected);
        expect(prev.reason_placement_change != null).toBe(moved);
      }
      for (const e of eps) expect(e.end == null || e.end <= DEMO_TODAY).toBe(true);
    }
  });

  it('chains a care leaver’s episodes with X1 and closes the period of care', async () => {
    const s = stories[0]!;
    const child = await childView(s);
    expect(child.inCare).toBe(false);
    expect(child.currentPlacement).toBeNull();
    expect(child.placements.map((p: { carer: { id: string } }) => p.carer.id)).toEqual(s.placements.map((p) => p.carer.id));
    const eps: EpisodeRow[] = child.episodes;
    expect(eps[0]!.reasonNewEpisode).toBe('S');
    expect(eps[0]!.startDate).toBe(s.careStart);
    for (let k = 1; k < eps.length; k++) {
      expect(eps[k - 1]!.endDate).toBe(eps[k]!.startDate);
      expect(eps[k - 1]!.reasonCeased).toBe('X1');
      expect(['L', 'P', 'T', 'B', 'U']).toContain(eps[k]!.reasonNewEpisode);
      // A placement change records why, a legal-status-only change does not.
      const moved = eps[k]!.placement.id !== eps[k - 1]!.placement.id;
      expect(eps[k - 1]!.reasonPlacementChange != null).toBe(moved);
      expect(eps[k]!.reasonNewEpisode === 'L').toBe(!moved);
    }
    expect(eps.at(-1)!.endDate).toBe(s.careEnd);
    expect(eps.at(-1)!.reasonCeased).not.toBe('X1');
    expect(eps.at(-1)!.reasonCeased).toMatch(/^E/);
  });

  it('shows a child still in care in their current placement', async () => {
    const s = stories.find((x) => x.careEnd == null)!;
    const child = await childView(s);
    expect(child.inCare).toBe(true);
    expect(child.currentPlacement.carer.id).toBe(s.placements.at(-1)!.carer.id);
    expect(child.episodes.at(-1)).toMatchObject({ endDate: null, reasonCeased: null });
    for (const p of child.placements) {
      expect(p.placementType).toEqual(p.carer.kind === 'RESIDENTIAL' ? 'K2' : expect.stringMatching(/^U[4-6]$/));
    }
  });

  it('answers placement(id) with its child and carer', async () => {
    const s = stories[1]!;
    const [first] = (await childView(s)).placements;
    const r = await sg.query(`query($id: ID!) { placement(id: $id) { id startDate child { id } carer { id name kind approvedOn } } }`, { id: first.id });
    expect(r.errors).toBeUndefined();
    expect(r.data?.placement).toMatchObject({ id: first.id, startDate: s.careStart, child: { id: s.id }, carer: { id: s.placements[0]!.carer.id } });
    expect(r.data?.placement.carer.approvedOn < s.careStart).toBe(true);
  });

  it('answers carer(id) with the carer’s current placements', async () => {
    const s = stories.find((x) => x.careEnd == null)!;
    const carer = s.placements.at(-1)!.carer;
    const r = await sg.query(`query($id: ID!) { carer(id: $id) { id name kind currentPlacements { endDate child { id } } } }`, { id: carer.id });
    expect(r.errors).toBeUndefined();
    expect(r.data?.carer).toMatchObject({ id: carer.id, name: carer.name, kind: carer.kind });
    expect(r.data?.carer.currentPlacements).toContainEqual({ endDate: null, child: { id: s.id } });
  });

  it('answers null with FORBIDDEN for unknown ids (as for ones out of scope, so ids cannot be probed) and BAD_USER_INPUT for malformed ones', async () => {
    const unknown = await sg.query(`{ placement(id: "00000000-0000-4000-8000-000000000000") { id } carer(id: "carer-999") { id } }`);
    expect(unknown.data).toEqual({ placement: null, carer: null });
    expect((unknown.errors ?? []).map((e) => [e.extensions?.code, e.path]).sort()).toEqual([['FORBIDDEN', ['carer']], ['FORBIDDEN', ['placement']]]);
    expect(codes(await sg.query(`{ placement(id: "not-a-uuid") { id } }`))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await sg.query(`{ carer(id: "carer' or 1=1") { id } }`))).toEqual(['BAD_USER_INPUT']);
  });
});
