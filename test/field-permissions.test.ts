import { health } from '@caregraph/health';
import { createOrm, grantRelations } from '@caregraph/kit';
import { story } from '@caregraph/demo';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { startTestSubgraph, type TestSubgraph } from './helpers/subgraph.js';
import { principal } from './helpers/identity.js';

/**
 * Field permissions inside a subgraph, without the gateway's pruning in front: the defence that holds when a
 * request reaches a subgraph directly. Allowed coordinates run their resolvers directly (decided once per
 * request); every other field still goes through graphql-shield and answers null + FORBIDDEN, on every row.
 */
let sg: TestSubgraph;
let orm: MikroORM;
const LA = principal('virtual_school').la;
const CHILDREN = [0, 1, 2].map((i) => story(i).id);
const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Child { id sdqScores { id } healthAssessments { id } medications { id } } } }`;
const reps = { representations: CHILDREN.map((id) => ({ __typename: 'Child', id })) };

beforeAll(async () => {
  sg = await startTestSubgraph(health, { stories: 3 });
  orm = await createOrm({ databaseUrl: sg.databaseUrl, schema: 'access', entities: [], migrations: [], poolMax: 1 });
  await orm.em.fork().transactional((tx) =>
    grantRelations(tx as never, 'placements', CHILDREN.map((childId) => ({ relation: 'looked_after', subject: LA, childId, from: '2020-01-01' }))),
  );
});
afterAll(async () => {
  await orm?.close(true);
  await sg?.stop();
});

it('a virtual school reads SDQ scores and is refused assessments and medication on every child, each refusal coded', async () => {
  const r = await sg.queryAs(principal('virtual_school', { sub: 'vs-permissions-test' }), ENTITIES, reps);
  const rows = r.data?._entities as { id: string; sdqScores: unknown[] | null; healthAssessments: unknown; medications: unknown }[];
  expect(rows.map((c) => c.id)).toEqual(CHILDREN);
  for (const child of rows) {
    expect(Array.isArray(child.sdqScores)).toBe(true);
    expect(child.healthAssessments).toBeNull();
    expect(child.medications).toBeNull();
  }
  const refused = (r.errors ?? []).map((e) => `${e.extensions?.code} ${e.path?.slice(1).join('.')}`).sort();
  expect(refused).toEqual(CHILDREN.flatMap((_, i) => [`FORBIDDEN ${i}.healthAssessments`, `FORBIDDEN ${i}.medications`]).sort());
  expect(JSON.stringify(r.errors)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // no child id in the messages

  const c = new pg.Client({ connectionString: sg.databaseUrl });
  await c.connect();
  try {
    const { rows: events } = await c.query(`select field_groups, denied from "audit"."access_event" where sub = 'vs-permissions-test'`);
    expect(events).toHaveLength(3);
    expect(events[0].denied.sort()).toEqual(['clinical', 'healthSummary']);
  } finally {
    await c.end();
  }
});

it('a health practitioner reads all three, with no error', async () => {
  const r = await sg.queryAs(principal('health_practitioner', { sub: 'hp-permissions-test' }), ENTITIES, reps);
  expect(r.errors).toBeUndefined();
  const rows = r.data?._entities as { healthAssessments: unknown[]; medications: unknown[] }[];
  expect(rows.every((c) => Array.isArray(c.healthAssessments) && Array.isArray(c.medications))).toBe(true);
});
