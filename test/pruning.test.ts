import { readFileSync } from 'node:fs';
import pg from 'pg';
import { parse, print } from 'graphql';
import { SUPERGRAPH_PATH, apiSchema } from '@caregraph/schema';
import { pruneOperation, restorePruned, PLACEHOLDER } from '../gateway/src/pruning.js';
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

  it('leaves a denied root field to the subgraph that owns it (an analyst reading a child), which records the refusal', async () => {
    reset();
    const r = await hub.queryAs(principal('analyst'), `query($id: ID!) { child(id: $id) { id legalGivenName } }`, { id: childId });
    expect(r.data?.child).toBeNull();
    expect(codes(r)).toEqual(['FORBIDDEN']);
    // Root fields are not pruned (gateway/src/server.ts policyPruning): only the owner of Query.child is asked.
    expect(requests()).toEqual({ children: 1, placements: 0, education: 0, health: 0 });
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

describe('pruning with fragments, without a hub', () => {
  const schema = apiSchema(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const denyCaseNotes = (c: string) => c === 'Child.caseNotes';

  it('prunes each fragment once and keeps its spreads: a 40-level fragment bomb stays the size it was sent', () => {
    // F0 spreads F1 twice, F1 spreads F2 twice, ...: inlined, it would be 2^40 copies of F40.
    const levels = 40;
    const fragments = Array.from({ length: levels + 1 }, (_, i) =>
      i === levels ? `fragment F${i} on Child { id caseNotes { body } }` : `fragment F${i} on Child { ...F${i + 1} placements { child { ...F${i + 1} } } }`,
    );
    const document = parse(`{ children(first: 1) { edges { node { ...F0 } } } } ${fragments.join(' ')}`);
    const pruned = pruneOperation(schema, document, undefined, denyCaseNotes)!;
    expect(pruned).not.toBeNull();
    const text = print(pruned.document);
    expect(text.length).toBeLessThan(print(document).length);
    expect(text).not.toContain('caseNotes');
    expect(text.match(/^fragment /gm)).toHaveLength(levels + 1);
  });

  it('puts null and one FORBIDDEN at every place a pruned fragment was spread', () => {
    const document = parse(`{ a: child(id: "1") { ...F placements { child { ...F } } } b: child(id: "2") { ...F ...F } }
      fragment F on Child { id caseNotes { body } }`);
    const pruned = pruneOperation(schema, document, undefined, denyCaseNotes)!;
    const data = {
      a: { id: '1', [PLACEHOLDER]: 'Child', placements: [{ child: { id: '1' } }, { child: null }] },
      b: { id: '2' },
    } as never;
    const errors = restorePruned(data, pruned.paths);
    expect(errors.map((e) => e.path.join('.')).sort()).toEqual(['a.caseNotes', 'a.placements.0.child.caseNotes', 'b.caseNotes']);
    expect(errors.every((e) => e.extensions.code === 'FORBIDDEN')).toBe(true);
    expect(data).toEqual({
      a: { id: '1', caseNotes: null, placements: [{ child: { id: '1', caseNotes: null } }, { child: null }] },
      b: { id: '2', caseNotes: null },
    });
  });

  it('keeps only the chosen operation and the fragments it reaches', () => {
    const document = parse(`query A { child(id: "1") { ...F } } query B { child(id: "1") { ...G } }
      fragment F on Child { caseNotes { body } id } fragment G on Child { id }`);
    const pruned = pruneOperation(schema, document, 'A', denyCaseNotes)!;
    expect(print(pruned.document).replace(/\s+/g, ' ')).toBe('query A { child(id: "1") { ...F } } fragment F on Child { id }');
  });

  it('returns null when nothing is denied, so the common query keeps its cached plan', () => {
    expect(pruneOperation(schema, parse('{ child(id: "1") { ...F } } fragment F on Child { id }'), undefined, denyCaseNotes)).toBeNull();
  });
});
