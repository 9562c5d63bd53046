import { health } from '@caregraph/health';
import { DEMO_TODAY, story } from '@caregraph/demo';
import pg from 'pg';
import { startTestSubgraph, type TestSubgraph } from '../../../test/helpers/subgraph.js';

let sg: TestSubgraph;
let db: pg.Client;
beforeAll(async () => {
  sg = await startTestSubgraph(health, { stories: 200 });
  db = new pg.Client({ connectionString: sg.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await sg.stop();
});

const one = async (text: string, params: unknown[] = []) => (await db.query(text, params)).rows[0];

const TABLES = ['health_assessment', 'immunisation', 'immunisation_status', 'dental_check', 'sdq_score', 'gp_registration', 'health_condition', 'allergy', 'medication'];
const DATES: Record<string, string[]> = {
  health_assessment: ['due_on', 'completed_on'], immunisation: ['date_given'], immunisation_status: ['as_at'], dental_check: ['checked_on'],
  sdq_score: ['assessed_on'], gp_registration: ['registered_from', 'registered_to'], health_condition: ['diagnosed_on'], medication: ['start_date', 'end_date'],
};

describe('health demo seeding', () => {
  it.each(TABLES)('writes rows to %s', async (table) => {
    expect((await one(`select count(*)::int as n from health.${table}`)).n).toBeGreaterThan(0);
  });

  it('gives every featured story all of it', async () => {
    for (let i = 0; i < 4; i++) {
      for (const table of TABLES) {
        expect((await one(`select count(*)::int as n from health.${table} where child_id = $1`, [story(i).id])).n).toBeGreaterThan(0);
      }
    }
  });

  it('keeps every date on or before the demo day', async () => {
    for (const [table, columns] of Object.entries(DATES)) {
      for (const c of columns) expect((await one(`select count(*)::int as n from health.${table} where ${c} > $1`, [DEMO_TODAY])).n).toBe(0);
    }
  });

  it('starts each story with an initial assessment by a doctor, due 20 working days into care', async () => {
    const r = await db.query(`select distinct on (child_id) child_id, kind, due_on::text as due, completed_by_role as role
      from health.health_assessment order by child_id, due_on`);
    expect(r.rows.length).toBeGreaterThan(150);
    for (const row of r.rows) {
      expect(row.kind).toBe('INITIAL');
      expect(row.role === 'DOCTOR' || row.role === null).toBe(true);
    }
    const s = story(0);
    const first = r.rows.find((row) => row.child_id === s.id)!;
    const days = (Date.parse(first.due) - Date.parse(s.careStart)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(26);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('has some assessments late and some missed, but none after a child left care', async () => {
    expect((await one(`select count(*)::int as n from health.health_assessment where completed_on > due_on`)).n).toBeGreaterThan(0);
    expect((await one(`select count(*)::int as n from health.health_assessment where completed_on is null`)).n).toBeGreaterThan(0);
    for (let i = 0; i < 200; i++) {
      const s = story(i);
      if (!s.careEnd) continue;
      expect((await one(`select count(*)::int as n from health.health_assessment where child_id = $1 and (due_on >= $2 or completed_on > $2)`, [s.id, s.careEnd])).n).toBe(0);
    }
  });

  it('scores SDQs only at 4-16, with SDQ1 outside that range', async () => {
    const r = await db.query(`select child_id, assessed_on::text as on, score, reason from health.sdq_score`);
    const dob = new Map(Array.from({ length: 200 }, (_, i) => [story(i).id, story(i).dateOfBirth]));
    for (const row of r.rows) {
      const age = Math.floor((Date.parse(row.on) - Date.parse(dob.get(row.child_id)!)) / (365.25 * 86_400_000));
      if (age < 4 || age > 16) expect(row.reason).toBe('SDQ1');
      if (row.score != null) expect(row.score).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps one current GP registration per child, in an unbroken chain', async () => {
    const r = await one(`select count(*)::int as children, count(*) filter (where current = 1)::int as one_current from (
      select child_id, count(*) filter (where registered_to is null) as current from health.gp_registration group by child_id) x`);
    expect(r.one_current).toBe(r.children);
    expect((await one(`select count(*)::int as n from health.gp_registration where registered_to is not null and registered_to <= registered_from`)).n).toBe(0);
    const featured = [0, 1, 2, 3].map((i) => story(i).id);
    expect((await one(`select count(*)::int as n from health.gp_registration where child_id = any($1::uuid[])`, [featured])).n).toBeGreaterThan(featured.length);
  });
});
