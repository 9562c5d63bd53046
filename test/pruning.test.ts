import pg from 'pg';
import { startTestHub, type TestHub } from './helpers/hub.js';
import { principal } from './helpers/identity.js';
import { codes } from './helpers/http.js';

let hub: TestHub;
let childId: string;
let school: string;
beforeAll(async () => {
  hub = await startTestHub({ stories: 30 });
  const db = new pg.Client({ connectionString: hub.subgraphs.children!.databaseUrl });
  await db.connect();
  const { rows } = await db.query(`select child_id, subject from access.relationship where relation = 'on_roll' and valid_to is null order by child_id limit 1`);
  await db.end();
  childId = rows[0].child_id;
  school = rows[0].subject;
}, 120_000);
afterAll(() => hub.stop());

const requests = () => Object.fromEntries(Object.entries(hub.subgraphs).map(([n, sg]) => [n, sg.requests.count]));
const reset = () => Object.values(hub.subgraphs).forEach((sg) => (sg.requests.count = 0));

describe('gateway pruning of statically denied fields', () => {
  it('answers them null + FORBIDDEN without asking the subgraph that owns them', async () => {
    const teacher = principal('designated_teacher', { schoolUrn: school });
    const q = `query($id: ID!) { child(id: $id) { id legalGivenName
      healthAssessments { kind } placements { placementType } currentSchool { urn } caseNotes { body } } }`;
    await hub.queryAs(teacher, q, { id: childId });
    reset();
    const before = new Date();
    // The second time, the pruning decided for this role and query is reused: the same answer, the same audit.
    const r = await hub.queryAs(teacher, q, { id: childId });
    expect(r.data?.child.legalGivenName).toEqual(expect.any(String));
    expect(r.data?.child.currentSchool.urn).toBe(school);
    expect(r.data?.child.healthAssessments).toBeNull();
    expect(r.data?.child.placements).toBeNull();
    expect(r.data?.child.caseNotes).toBeNull();
    expect(r.errors?.map((e) => [e.path?.join('.'), e.extensions?.code]).sort()).toEqual([
      ['child.caseNotes', 'FORBIDDEN'], ['child.healthAssessments', 'FORBIDDEN'], ['child.placements', 'FORBIDDEN'],
    ]);
    expect(requests()).toEqual({ children: 1, placements: 0, education: 1, health: 0 });
    const db = new pg.Client({ connectionString: hub.subgraphs.children!.databaseUrl });
    await db.connect();
    const { rows } = await db.query(`select subgraph, denied from audit.access_event where sub = $1 and at >= $2 order by subgraph`, [teacher.sub, before]);
    await db.end();
    expect(rows.map((e) => [e.subgraph, [...e.denied].sort()])).toEqual([
      ['children', ['caseNotes', 'healthSummary', 'placements']], ['education', ['caseNotes', 'healthSummary', 'placements']],
    ]);
  });

  it('asks no subgraph at all when the whole operation is denied (an analyst reading a child)', async () => {
    reset();
    const r = await hub.queryAs(principal('analyst'), `query($id: ID!) { child(id: $id) { id legalGivenName } }`, { id: childId });
    expect(r.data?.child).toBeNull();
    expect(codes(r)).toEqual(['FORBIDDEN']);
    expect(requests()).toEqual({ children: 0, placements: 0, education: 0, health: 0 });
  });

  it('prunes inside lists, fragments and aliases, at every occurrence', async () => {
    const r = await hub.queryAs(
      principal('designated_teacher', { schoolUrn: school }),
      `query($id: ID!) { kid: child(id: $id) { ...F } } fragment F on Child { schoolEnrolments { urn } sdq: sdqScores { score } }`,
      { id: childId },
    );
    expect(r.data?.kid.schoolEnrolments.length).toBeGreaterThan(0);
    expect(r.data?.kid.sdq).toBeNull();
    expect(r.errors?.map((e) => e.path?.join('.'))).toEqual(['kid.sdq']);
    expect(JSON.stringify(r.data)).not.toContain('__caregraph_pruned');
  });
});
