import { randomUUID } from 'node:crypto';
import { placements } from '@caregraph/placements';
import { DEMO_LA, story } from '@caregraph/demo';
import pg from 'pg';
import { startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';
import { principal } from '../../../test/helpers/identity.js';
import { codes, type GraphQLResponse } from '../../../test/helpers/http.js';

const STORIES = 60;
let sg: TestSubgraph;
let db: pg.Client;
beforeAll(async () => {
  sg = await startTestSubgraph(placements, { stories: STORIES });
  db = new pg.Client({ connectionString: sg.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await sg?.stop();
});

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const today = () => new Date().toISOString().slice(0, 10);

interface Tuple { relation: string; subject: string; from: string; to: string | null }

/** The child's tuples, as dates (every tuple this subgraph writes starts and ends at midnight UTC). */
async function tuplesOf(childId: string, relations = ['carer', 'looked_after', 'previously_looked_after']): Promise<Tuple[]> {
  const { rows } = await db.query(
    `select relation, subject, to_char(valid_from at time zone 'UTC', 'YYYY-MM-DD') as "from",
            to_char(valid_to at time zone 'UTC', 'YYYY-MM-DD') as "to", written_by
       from "access"."relationship" where child_id = $1 and relation = any($2) order by valid_from, relation, subject, id`,
    [childId, relations],
  );
  for (const r of rows) expect(r.written_by).toBe('placements');
  return rows.map(({ written_by: _, ...t }) => t);
}

/** A scope relation another subgraph owns (the allocation lives in children), inserted directly. */
async function allocate(worker: string, childId: string): Promise<void> {
  await db.query(
    `insert into "access"."relationship" (relation, subject, child_id, valid_from, written_by) values ('social_worker', $1, $2, now() - interval '1 day', 'test')`,
    [worker, childId],
  );
}

const scopeStatements = () => sg.sql.filter((s) => s.includes('"access"."relationship"')).length;
const forbiddenAt = (r: GraphQLResponse, ...indexes: number[]) =>
  expect((r.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path).sort()).toEqual(
    indexes.map((i) => ['_entities', i]).sort(),
  );

const CHILD = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Child { id inCare currentPlacement { id carer { id } } } }
}`;
const PLACEMENT = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Placement { id startDate child { id } } } }`;
const CARER = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Carer { id currentPlacements { id child { id } } } }
}`;
const START = `mutation($input: StartPlacementInput!) { startPlacement(input: $input) { id carer { id } } }`;
const END = `mutation($input: EndPlacementInput!) { endPlacement(input: $input) { id endDate } }`;

const childRep = (id: string) => ({ __typename: 'Child', id });
const stories = Array.from({ length: STORIES }, (_, i) => story(i));
/** Children in care now, with the carer of their current placement. */
const inCare = stories.filter((s) => s.careEnd == null).map((s) => ({ id: s.id, carer: s.placements.at(-1)!.carer.id }));
const leavers = stories.filter((s) => s.careEnd != null);
const carerOf = (childId: string) => principal('foster_carer', { sub: inCare.find((c) => c.id === childId)!.carer });
/** A foster carer with no child placed with them. */
const strangerCarer = () => principal('foster_carer', { sub: 'carer-with-no-children' });

const firstPlacement = (childId: string, carerId = 'carer-001', startDate = '2025-01-10') => ({
  childId, startDate, placementType: 'U6', provider: 'PR1', carerId, legalStatus: 'C1', categoryOfNeed: 'N1',
});

describe('identity', () => {
  it('answers a request without the gateway identity with UNAUTHENTICATED and HTTP 401, _service included', async () => {
    for (const query of ['{ _service { sdl } }', '{ placement(id: "00000000-0000-4000-8000-000000000000") { id } }']) {
      const r = await sg.raw(query);
      expect(r.status).toBe(401);
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
      expect(r.data ?? null).toBeNull();
    }
    const forged = await sg.raw(CHILD, { representations: [childRep(inCare[0]!.id)] }, { 'x-caregraph-identity': 'not-a-token' });
    expect(forged.status).toBe(401);
    expect(codes(forged)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('Child _entities', () => {
  it('resolves a child placed with the foster carer, and only that child', async () => {
    const [mine, other] = [inCare[0]!, inCare.find((c) => c.carer !== inCare[0]!.carer)!];
    const r = await sg.queryAs(carerOf(mine.id), CHILD, { representations: [childRep(mine.id), childRep(other.id)] });
    expect(r.data?._entities[0]).toMatchObject({ id: mine.id, inCare: true, currentPlacement: { carer: { id: mine.carer } } });
    expect(r.data?._entities[1]).toBeNull();
    forbiddenAt(r, 1);
  });

  it('gives an out-of-scope principal null + FORBIDDEN alike for an existing and a non-existent child', async () => {
    const r = await sg.queryAs(strangerCarer(), CHILD, { representations: [childRep(inCare[0]!.id), childRep(UNKNOWN)] });
    expect(r.data?._entities).toEqual([null, null]);
    forbiddenAt(r, 0, 1);
    expect(r.errors!.map((e) => e.message)).toEqual([r.errors![0]!.message, r.errors![0]!.message]);
  });

  it('follows the LA relations: virtual school sees looked-after and previously looked-after children, health only looked-after', async () => {
    const [now, past] = [inCare[0]!.id, leavers[0]!.id];
    const reps = { representations: [childRep(now), childRep(past)] };
    const vs = await sg.queryAs(principal('virtual_school'), `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Child { id } } }`, reps);
    expect(vs.errors).toBeUndefined();
    expect(vs.data?._entities).toEqual([{ id: now }, { id: past }]);
    const hp = await sg.queryAs(principal('health_practitioner'), CHILD, reps);
    expect(hp.data?._entities[0]).toMatchObject({ id: now });
    expect(hp.data?._entities[1]).toBeNull();
    forbiddenAt(hp, 1);
    // Another LA's virtual school sees neither.
    const elsewhere = await sg.queryAs(principal('virtual_school', { la: 'E09000001' }), CHILD, reps);
    expect(elsewhere.data?._entities).toEqual([null, null]);
  });

  it('checks the scope of 50 representations with one statement', async () => {
    const reps = stories.slice(0, 50).map((s) => childRep(s.id));
    sg.sql.length = 0;
    const r = await sg.queryAs(principal('virtual_school'), `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Child { id } } }`, { representations: reps });
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities).toHaveLength(50);
    expect(r.data?._entities.every((e: unknown) => e !== null)).toBe(true);
    expect(scopeStatements()).toBe(1);
  });
});

describe('Placement entry points', () => {
  async function currentPlacementId(childId: string): Promise<string> {
    const r = await sg.queryAs(carerOf(childId), CHILD, { representations: [childRep(childId)] });
    return r.data?._entities[0].currentPlacement.id;
  }

  it('resolves a placement through _entities and Query.placement only when its child is in scope; unknown ids look the same', async () => {
    const child = inCare[0]!;
    const id = await currentPlacementId(child.id);
    const mine = await sg.queryAs(carerOf(child.id), PLACEMENT, { representations: [{ __typename: 'Placement', id }] });
    expect(mine.errors).toBeUndefined();
    expect(mine.data?._entities[0]).toMatchObject({ id, child: { id: child.id } });

    const theirs = await sg.queryAs(strangerCarer(), PLACEMENT, {
      representations: [{ __typename: 'Placement', id }, { __typename: 'Placement', id: UNKNOWN }],
    });
    expect(theirs.data?._entities).toEqual([null, null]);
    forbiddenAt(theirs, 0, 1);

    const QUERY = `query($id: ID!) { placement(id: $id) { id } }`;
    expect((await sg.queryAs(carerOf(child.id), QUERY, { id })).data?.placement).toEqual({ id });
    for (const probe of [id, UNKNOWN]) {
      const r = await sg.queryAs(strangerCarer(), QUERY, { id: probe });
      expect(r.data?.placement ?? null).toBeNull();
      expect(codes(r)).toEqual(['FORBIDDEN']);
    }
  });

  it('checks the scope of 50 placement representations with one statement', async () => {
    // Placements of the first 50 children, read by the LA's virtual school (all of them are in its scope).
    const reps = [];
    for (const s of stories.slice(0, 50)) {
      const { rows } = await db.query(`select id from placements.placement where child_id = $1 limit 1`, [s.id]);
      reps.push({ __typename: 'Placement', id: rows[0].id });
    }
    sg.sql.length = 0;
    const r = await sg.queryAs(principal('virtual_school'), PLACEMENT, { representations: reps });
    expect(r.errors).toBeUndefined();
    expect(r.data?._entities.map((p: { id: string }) => p.id)).toEqual(reps.map((p) => p.id));
    expect(scopeStatements()).toBe(1);
  });
});

describe('Carer entry points', () => {
  it('shows a household only as the row rule "own carers" allows, and only the current placements of children in scope', async () => {
    const child = inCare[0]!;
    const carer = child.carer;
    const placedWith = inCare.filter((c) => c.carer === carer).map((c) => c.id).sort();

    const own = await sg.queryAs(carerOf(child.id), CARER, { representations: [{ __typename: 'Carer', id: carer }] });
    expect(own.errors).toBeUndefined();
    expect(own.data?._entities[0].currentPlacements.map((p: { child: { id: string } }) => p.child.id).sort()).toEqual(placedWith);

    // A foster carer sees its own household only: another one answers like an unknown id.
    const stranger = await sg.queryAs(strangerCarer(), CARER, { representations: [{ __typename: 'Carer', id: carer }] });
    expect(stranger.data?._entities[0]).toBeNull();
    for (const probe of [carer, 'carer-999']) {
      const r = await sg.queryAs(strangerCarer(), `query($id: ID!) { carer(id: $id) { id name } }`, { id: probe });
      expect(r.data?.carer ?? null).toBeNull();
      expect(codes(r)).toEqual(['FORBIDDEN']);
    }

    // A social worker allocated to one of the carer's children sees that child's placement only.
    await allocate('sw-carer-view', child.id);
    const sw = await sg.queryAs(principal('social_worker', { sub: 'sw-carer-view' }), `query($id: ID!) {
      carer(id: $id) { id name currentPlacements { child { id } } } }`, { id: carer });
    expect(sw.errors).toBeUndefined();
    expect(sw.data?.carer.currentPlacements).toEqual([{ child: { id: child.id } }]);
  });

  it('denies the household of an earlier placement to the child’s present foster carer: null + FORBIDDEN at the path, the placement intact', async () => {
    // A child in care whose earlier placement was with another household (from the demo story, not from the code).
    const story = stories.find((s) => s.careEnd == null && s.placements.some((p) => p.carer.id !== s.placements.at(-1)!.carer.id))!;
    const { rows } = await db.query(`select id from placements.placement where child_id = $1 and carer_id <> $2 order by start_date limit 1`, [story.id, story.placements.at(-1)!.carer.id]);
    const r = await sg.queryAs(carerOf(story.id), `query($id: ID!) { placement(id: $id) { id startDate carer { id name } } }`, { id: rows[0].id });
    expect(r.data?.placement).toMatchObject({ id: rows[0].id, carer: null });
    expect(r.errors?.map((e) => ({ code: e.extensions?.code, path: e.path }))).toEqual([{ code: 'FORBIDDEN', path: ['placement', 'carer'] }]);
  });
});

describe('mutations keep the tuples current', () => {
  it('refuses a write about a child out of scope, and writes nothing', async () => {
    const childId = randomUUID();
    const r = await sg.queryAs(principal('social_worker', { sub: 'sw-nobody' }), START, { input: firstPlacement(childId) });
    expect(r.data?.startPlacement ?? null).toBeNull();
    expect(codes(r)).toEqual(['FORBIDDEN']);
    const { rows } = await db.query(`select count(*)::int as n from placements.placement where child_id = $1`, [childId]);
    expect(rows[0].n).toBe(0);
    expect(await tuplesOf(childId)).toEqual([]);

    const ended = await sg.queryAs(principal('social_worker', { sub: 'sw-nobody' }), END, {
      input: { childId: inCare[0]!.id, endDate: today(), reasonCeased: 'E4A' },
    });
    expect(codes(ended)).toEqual(['FORBIDDEN']);
    const still = await sg.queryAs(carerOf(inCare[0]!.id), CHILD, { representations: [childRep(inCare[0]!.id)] });
    expect(still.data?._entities[0]).toMatchObject({ inCare: true });
  });

  it('grants, moves and ends carer, looked_after and previously_looked_after tuples through a period of care and a return', async () => {
    const childId = randomUUID();
    await allocate('sw-tuples', childId);
    const sw = principal('social_worker', { sub: 'sw-tuples' });
    const ok = (r: GraphQLResponse) => expect(r.errors).toBeUndefined();

    ok(await sg.queryAs(sw, START, { input: firstPlacement(childId, 'carer-001', '2025-01-10') }));
    expect(await tuplesOf(childId)).toEqual([
      { relation: 'carer', subject: 'carer-001', from: '2025-01-10', to: null },
      { relation: 'looked_after', subject: DEMO_LA, from: '2025-01-10', to: null },
    ]);

    // A move: the previous carer's access ends the day the new one's begins.
    ok(await sg.queryAs(sw, START, { input: { childId, startDate: '2025-03-01', placementType: 'U4', provider: 'PR1', carerId: 'carer-002', reasonForChange: 'CREQB' } }));
    // A move to a placement without a carer: nobody's carer tuple is open.
    ok(await sg.queryAs(sw, START, { input: { childId, startDate: '2025-04-01', placementType: 'T0', provider: 'PR3' } }));
    expect(await tuplesOf(childId, ['carer'])).toEqual([
      { relation: 'carer', subject: 'carer-001', from: '2025-01-10', to: '2025-03-01' },
      { relation: 'carer', subject: 'carer-002', from: '2025-03-01', to: '2025-04-01' },
    ]);
    ok(await sg.queryAs(sw, START, { input: { childId, startDate: '2025-04-05', placementType: 'U4', provider: 'PR1', carerId: 'carer-003' } }));

    ok(await sg.queryAs(sw, END, { input: { childId, endDate: '2025-09-01', reasonCeased: 'E4A' } }));
    expect(await tuplesOf(childId)).toEqual([
      { relation: 'carer', subject: 'carer-001', from: '2025-01-10', to: '2025-03-01' },
      { relation: 'looked_after', subject: DEMO_LA, from: '2025-01-10', to: '2025-09-01' },
      { relation: 'carer', subject: 'carer-002', from: '2025-03-01', to: '2025-04-01' },
      { relation: 'carer', subject: 'carer-003', from: '2025-04-05', to: '2025-09-01' },
      { relation: 'previously_looked_after', subject: DEMO_LA, from: '2025-09-01', to: null },
    ]);

    // Back into care (a new period, RNE S): looked after again, and no longer previously looked after.
    ok(await sg.queryAs(sw, START, { input: firstPlacement(childId, 'carer-004', '2026-01-15') }));
    expect((await tuplesOf(childId)).slice(4)).toEqual([
      { relation: 'previously_looked_after', subject: DEMO_LA, from: '2025-09-01', to: '2026-01-15' },
      { relation: 'carer', subject: 'carer-004', from: '2026-01-15', to: null },
      { relation: 'looked_after', subject: DEMO_LA, from: '2026-01-15', to: null },
    ]);
  });

  it('two racing starts leave only the winner’s tuples (they change in the same transaction as the placement)', async () => {
    const childId = randomUUID();
    await allocate('sw-race', childId);
    const sw = principal('social_worker', { sub: 'sw-race' });
    const results = await Promise.all(
      ['carer-011', 'carer-012'].map((carerId) => sg.queryAs(sw, START, { input: firstPlacement(childId, carerId, '2025-02-01') })),
    );
    const winners = results.filter((r) => r.errors === undefined);
    expect(winners).toHaveLength(1);
    // The loser either lost the one-open-placement index (CONFLICT, rolled back after writing its tuples) or came
    // second and was refused as a move without a reason (BAD_USER_INPUT).
    expect(['CONFLICT', 'BAD_USER_INPUT']).toContain(codes(results.find((r) => r.errors)!)[0]);
    expect(await tuplesOf(childId)).toEqual([
      { relation: 'carer', subject: winners[0]!.data?.startPlacement.carer.id, from: '2025-02-01', to: null },
      { relation: 'looked_after', subject: DEMO_LA, from: '2025-02-01', to: null },
    ]);
  });
});

describe('time: a carer’s access ends with the placement', () => {
  it('the carer sees the child while placed, and gets null + FORBIDDEN as soon as the placement ends today', async () => {
    const childId = randomUUID();
    await allocate('sw-time', childId);
    const sw = principal('social_worker', { sub: 'sw-time' });
    const carer = principal('foster_carer', { sub: 'carer-007' });
    const started = await sg.queryAs(sw, START, { input: firstPlacement(childId, 'carer-007', '2025-06-01') });
    expect(started.errors).toBeUndefined();

    const before = await sg.queryAs(carer, CHILD, { representations: [childRep(childId)] });
    expect(before.errors).toBeUndefined();
    expect(before.data?._entities[0]).toMatchObject({ id: childId, inCare: true, currentPlacement: { carer: { id: 'carer-007' } } });
    const mine = await sg.queryAs(carer, CARER, { representations: [{ __typename: 'Carer', id: 'carer-007' }] });
    expect(mine.data?._entities[0].currentPlacements.map((p: { child: { id: string } }) => p.child.id)).toContain(childId);

    const ended = await sg.queryAs(sw, END, { input: { childId, endDate: today(), reasonCeased: 'E4A' } });
    expect(ended.errors).toBeUndefined();

    const after = await sg.queryAs(carer, CHILD, { representations: [childRep(childId)] });
    expect(after.data?._entities).toEqual([null]);
    forbiddenAt(after, 0);
    const placement = await sg.queryAs(carer, `query($id: ID!) { placement(id: $id) { id } }`, { id: started.data?.startPlacement.id });
    expect(codes(placement)).toEqual(['FORBIDDEN']);
    // The social worker's allocation is untouched; the LA's virtual school now sees a previously looked-after child.
    expect((await sg.queryAs(sw, CHILD, { representations: [childRep(childId)] })).data?._entities[0]).toMatchObject({ inCare: false });
    expect((await sg.queryAs(principal('virtual_school'), CHILD, { representations: [childRep(childId)] })).errors).toBeUndefined();
    const hp = await sg.queryAs(principal('health_practitioner'), CHILD, { representations: [childRep(childId)] });
    expect(codes(hp)).toEqual(['FORBIDDEN']);
  });
});

describe('demo seeding', () => {
  it('writes each sampled story’s carer, looked_after and previously_looked_after tuples', async () => {
    for (const s of [0, 1, 5, 17, 33, 59].map((i) => stories[i]!)) {
      const expected: Tuple[] = [
        ...s.placements.map((p) => ({ relation: 'carer', subject: p.carer.id, from: p.start, to: p.end })),
        { relation: 'looked_after', subject: DEMO_LA, from: s.careStart, to: s.careEnd },
        ...(s.careEnd ? [{ relation: 'previously_looked_after', subject: DEMO_LA, from: s.careEnd, to: null }] : []),
      ];
      const sort = (ts: Tuple[]) => [...ts].sort((a, b) => `${a.from}${a.relation}${a.subject}`.localeCompare(`${b.from}${b.relation}${b.subject}`));
      expect(sort(await tuplesOf(s.id))).toEqual(sort(expected));
    }
    const { rows } = await db.query(`select count(distinct child_id)::int as n from "access"."relationship" where relation = 'looked_after'`);
    expect(rows[0].n).toBeGreaterThanOrEqual(STORIES);
  });
});
