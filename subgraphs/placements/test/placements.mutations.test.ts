import { randomUUID } from 'node:crypto';
import { placements } from '@caregraph/placements';
import { story } from '@caregraph/demo';
import pg from 'pg';
import { startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { codes } from '../../../test/helpers/http.js';
import { WRITERS } from '../../../test/helpers/identity.js';

/** Writes as an allocated social worker (writePlacements); reads as the DPO (`sg.query`), who is read-only. */
const writer = WRITERS.records;
let sg: TestSubgraph;
beforeAll(async () => {
  sg = await startTestSubgraph(placements, { stories: 8 });
  await sg.inScope(writer, Array.from({ length: 8 }, (_, i) => story(i).id));
});
const write = (query: string, variables: Record<string, unknown>) => sg.queryAs(writer, query, variables);
/** A child the children subgraph would have recorded (in the LA) and allocated to the writer. */
async function newChild(): Promise<string> {
  const id = randomUUID();
  await sg.inScope(writer, [id]);
  return id;
}
afterAll(() => sg.stop());

async function counts(): Promise<{ placement: number; episode: number }> {
  const c = new pg.Client({ connectionString: sg.databaseUrl });
  await c.connect();
  const { rows } = await c.query(
    `select (select count(*)::int from placements.placement) as placement, (select count(*)::int from placements.episode) as episode`,
  );
  await c.end();
  return rows[0];
}

const START = `mutation($input: StartPlacementInput!) {
  startPlacement(input: $input) { id placementType provider urn postcode startDate endDate carer { id } child { id } }
}`;
const END = `mutation($input: EndPlacementInput!) { endPlacement(input: $input) { id endDate reasonForChange } }`;
const VIEW = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Child {
  inCare currentPlacement { id }
  placements { startDate endDate reasonForChange carer { id } }
  episodes { startDate endDate reasonNewEpisode reasonCeased reasonPlacementChange legalStatus categoryOfNeed homePostcode placement { id } }
} } }`;

const view = async (childId: string) =>
  (await sg.query(VIEW, { representations: [{ __typename: 'Child', id: childId }] })).data?._entities[0];

const firstPlacement = (childId: string) => ({
  childId, startDate: '2025-01-10', placementType: 'U6', provider: 'PR1', carerId: 'carer-001', postcode: 'ub8 1aa',
  addressLine: '1 High Street, Uxbridge', legalStatus: 'C1', categoryOfNeed: 'N1', homePostcode: 'UB3 4BB',
});

describe('startPlacement and endPlacement', () => {
  it('chains episodes with the right RNE and REC codes, and ending twice is CONFLICT', async () => {
    const childId = await newChild();
    const started = await write(START, { input: firstPlacement(childId) });
    expect(started.errors).toBeUndefined();
    expect(started.data?.startPlacement).toMatchObject({ placementType: 'U6', postcode: 'UB8 1AA', endDate: null, carer: { id: 'carer-001' }, child: { id: childId } });

    const moves = [
      // another carer: P
      { startDate: '2025-03-01', placementType: 'U4', provider: 'PR4', carerId: 'carer-002', urn: 'SC200011', reasonForChange: 'CREQB' },
      // same carer, status of placement only: T
      { startDate: '2025-06-01', placementType: 'U5', provider: 'PR4', carerId: 'carer-002', reasonForChange: 'PLACE' },
      // a full care order and a children's home: B
      { startDate: '2025-09-01', placementType: 'K2', provider: 'PR4', carerId: 'carer-006', urn: 'SC401266', reasonForChange: 'CARPL', legalStatus: 'C2' },
      // a temporary hospital stay, no URN, no reason in or out (rules 222, 226): P
      { startDate: '2025-10-01', placementType: 'T0', provider: 'PR3' },
      // back to the home: P
      { startDate: '2025-10-05', placementType: 'K2', provider: 'PR4', carerId: 'carer-006', urn: 'SC401266' },
    ];
    for (const move of moves) {
      const r = await write(START, { input: { childId, ...move } });
      expect(r.errors).toBeUndefined();
    }
    const ended = await write(END, { input: { childId, endDate: '2026-02-01', reasonCeased: 'E4A' } });
    expect(ended.errors).toBeUndefined();
    expect(ended.data?.endPlacement).toMatchObject({ endDate: '2026-02-01', reasonForChange: null });

    const child = await view(childId);
    expect(child.inCare).toBe(false);
    expect(child.currentPlacement).toBeNull();
    expect(child.episodes.map((e: { reasonNewEpisode: string }) => e.reasonNewEpisode)).toEqual(['S', 'P', 'T', 'B', 'P', 'P']);
    expect(child.episodes.map((e: { reasonCeased: string }) => e.reasonCeased)).toEqual(['X1', 'X1', 'X1', 'X1', 'X1', 'E4A']);
    expect(child.episodes.map((e: { reasonPlacementChange: string | null }) => e.reasonPlacementChange)).toEqual(['CREQB', 'PLACE', 'CARPL', null, null, null]);
    expect(child.episodes.map((e: { legalStatus: string }) => e.legalStatus)).toEqual(['C1', 'C1', 'C1', 'C2', 'C2', 'C2']);
    expect(child.episodes.every((e: { categoryOfNeed: string; homePostcode: string }) => e.categoryOfNeed === 'N1' && e.homePostcode === 'UB3 4BB')).toBe(true);
    for (let k = 1; k < child.episodes.length; k++) expect(child.episodes[k - 1].endDate).toBe(child.episodes[k].startDate);
    expect(child.placements.map((p: { endDate: string }) => p.endDate)).toEqual(['2025-03-01', '2025-06-01', '2025-09-01', '2025-10-01', '2025-10-05', '2026-02-01']);

    const before = await counts();
    const again = await write(END, { input: { childId, endDate: '2026-03-01', reasonCeased: 'E8' } });
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(await counts()).toEqual(before);

    // Coming back into care starts a new period of care.
    const back = await write(START, { input: { ...firstPlacement(childId), startDate: '2026-04-01', legalStatus: 'V2' } });
    expect(back.errors).toBeUndefined();
    expect((await view(childId)).episodes.at(-1)).toMatchObject({ reasonNewEpisode: 'S', legalStatus: 'V2', endDate: null });
  });

  it('moves a seeded child on: the open episode closes with X1 and the placement with the reason', async () => {
    const s = Array.from({ length: 8 }, (_, i) => story(i)).find((x) => x.careEnd == null && x.placements.at(-1)!.carer.id !== 'carer-003')!;
    const r = await write(START, { input: { childId: s.id, startDate: '2026-10-20', placementType: 'U6', provider: 'PR1', carerId: 'carer-003', reasonForChange: 'CHILD' } });
    expect(r.errors).toBeUndefined();
    const child = await view(s.id);
    expect(child.currentPlacement.id).toBe(r.data?.startPlacement.id);
    expect(child.placements.at(-2)).toMatchObject({ endDate: '2026-10-20', reasonForChange: 'CHILD' });
    expect(child.episodes.at(-2)).toMatchObject({ endDate: '2026-10-20', reasonCeased: 'X1', reasonPlacementChange: 'CHILD' });
    expect(child.episodes.at(-1)).toMatchObject({ reasonNewEpisode: 'P', endDate: null, legalStatus: child.episodes.at(-2).legalStatus });
  });

  describe('rejects bad input with BAD_USER_INPUT and writes nothing', () => {
    let inCare: string;
    beforeAll(async () => {
      inCare = await newChild();
      const r = await write(START, { input: firstPlacement(inCare) });
      expect(r.errors).toBeUndefined();
    });
    const move = { startDate: '2025-05-01', placementType: 'U4', provider: 'PR1', carerId: 'carer-002', reasonForChange: 'CARPL' };

    it.each([
      ['a malformed child id', { childId: 'nope' }, 'start'],
      ['an unknown code', { placementType: 'XX9' }, 'start'],
      ['an invalid date', { startDate: '2025-02-30' }, 'start'],
      ['a future date', { startDate: '2999-01-01' }, 'start'],
      ['a URN for a type rule 222 forbids', { placementType: 'R2', urn: 'SC123456' }, 'start'],
      ['a malformed URN', { urn: 'ABC' }, 'start'],
      ['a malformed postcode', { postcode: 'XXXX' }, 'start'],
      ['a malformed carer id', { carerId: "c' or 1=1" }, 'start'],
      ['empty address text', { addressLine: '   ' }, 'start'],
      ['a move without a reason for change', { reasonForChange: null }, 'move'],
      ['a reason for change into a temporary placement', { placementType: 'T3', carerId: null }, 'move'],
      ['a new period of care without legal status', { legalStatus: null }, 'new'],
      ['a new period of care without category of need', { categoryOfNeed: null }, 'new'],
      ['a reason for change when a period of care starts', { reasonForChange: 'CARPL' }, 'new'],
    ])('%s', async (_name, patch, kind) => {
      const before = await counts();
      const input = kind === 'move' ? { childId: inCare, ...move, ...patch }
        : kind === 'new' ? { ...firstPlacement(await newChild()), ...patch }
        : { childId: inCare, ...move, ...patch };
      const r = await write(START, { input });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(r.errors)).not.toMatch(/XX9|ABC|XXXX|or 1=1/);
      expect(await counts()).toEqual(before);
    });

    it('endPlacement with X1', async () => {
      const before = await counts();
      const r = await write(END, { input: { childId: inCare, endDate: '2025-06-01', reasonCeased: 'X1' } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(await counts()).toEqual(before);
    });

    it('a start before the open episode began is CONFLICT', async () => {
      const before = await counts();
      const r = await write(START, { input: { childId: inCare, ...move, startDate: '2024-12-01' } });
      expect(codes(r)).toEqual(['CONFLICT']);
      expect(await counts()).toEqual(before);
    });

    it('an end before the open episode began is CONFLICT', async () => {
      const r = await write(END, { input: { childId: inCare, endDate: '2024-12-01', reasonCeased: 'E8' } });
      expect(codes(r)).toEqual(['CONFLICT']);
      expect((await view(inCare)).inCare).toBe(true);
    });

    it('an unknown carer is NOT_FOUND', async () => {
      const before = await counts();
      const r = await write(START, { input: { childId: inCare, ...move, carerId: 'carer-999' } });
      expect(codes(r)).toEqual(['NOT_FOUND']);
      expect(await counts()).toEqual(before);
    });

    it('ending the placement of a child not in care is CONFLICT', async () => {
      const r = await write(END, { input: { childId: await newChild(), endDate: '2025-06-01', reasonCeased: 'E8' } });
      expect(codes(r)).toEqual(['CONFLICT']);
    });
  });

  describe('refuses a write the policy does not allow, and writes nothing', () => {
    it('about a child outside the writer’s scope (unknown or not allocated to them)', async () => {
      const before = await counts();
      expect(codes(await write(START, { input: firstPlacement(randomUUID()) }))).toEqual(['FORBIDDEN']);
      expect(codes(await write(END, { input: { childId: randomUUID(), endDate: '2025-06-01', reasonCeased: 'E8' } }))).toEqual(['FORBIDDEN']);
      expect(await counts()).toEqual(before);
    });

    it('by a principal without writePlacements (the DPO reads every child of the LA, and writes none)', async () => {
      const before = await counts();
      const childId = await newChild();
      expect(codes(await sg.query(START, { input: firstPlacement(childId) }))).toEqual(['FORBIDDEN']);
      expect(await counts()).toEqual(before);
    });
  });
});
