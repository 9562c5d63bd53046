import pg from 'pg';
import { migrateSubgraph } from '@caregraph/kit';
import { SUBGRAPH_DEFINITIONS } from '../../scripts/src/subgraphs.js';
import { importReturn, type ImportReport } from '../../scripts/src/ssda903/import.js';
import { generateReturn, type GeneratedReturn } from '../../scripts/src/ssda903/generate.js';
import { createTestDatabase } from '../helpers/database.js';

const LA = 'E09000017';
let db: { url: string; drop(): Promise<void> };
let sql: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  for (const def of SUBGRAPH_DEFINITIONS) await migrateSubgraph(def, db.url);
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await db.drop();
});

const count = async (table: string, where = 'true') => Number((await sql.query(`select count(*) from ${table} where ${where}`)).rows[0].count);
const key = (i: { file: string; line: number; column: string; code: string }) => `${i.file}:${i.line}:${i.column}:${i.code}`;

/** The expected issues of a generated return in its CSV form: line = 2 + the row's index in its file. */
function expectedCsv(g: GeneratedReturn): string[] {
  return g.expected.map((e) => key({ file: `${e.kind}.csv`, line: e.index + 2, column: e.column, code: e.code })).sort();
}

const validChildren = (g: GeneratedReturn) => new Set(g.rows.map((r) => r.child).filter((c) => !g.invalidChildren.has(c)));
const rowsOfValid = (g: GeneratedReturn, kind: string) => g.rows.filter((r) => r.kind === kind && !g.invalidChildren.has(r.child)).length;

describe('SSDA903 import of a generated return (CSV)', () => {
  const year1 = generateReturn({ children: 150, year: 2024, errors: true, errorEvery: 4 });
  let first: ImportReport;

  it('has deliberate errors of every kind the generator knows', () => {
    expect(new Set(year1.expected.map((e) => e.code)).size).toBeGreaterThanOrEqual(12);
  });

  it('by default imports nothing when any row is invalid, and reports every invalid row', async () => {
    const r = await importReturn(db.url, year1.csv, { la: LA });
    expect(r.committed).toBe(false);
    expect(r.issues.map(key).sort()).toEqual(expectedCsv(year1));
    expect(await count('"children"."child"')).toBe(0);
    expect(await count('"placements"."episode"')).toBe(0);
    expect(await count('"access"."relationship"')).toBe(0);
  });

  it('with --skip-invalid leaves out each child with an invalid row whole and lands every other row', async () => {
    first = await importReturn(db.url, year1.csv, { la: LA, skipInvalid: true });
    expect(first.committed).toBe(true);
    expect(first.issues.map(key).sort()).toEqual(expectedCsv(year1));
    expect(first.issues.every((i) => i.message.length > 0 && !JSON.stringify(i).includes('31/02/2024'))).toBe(true);
    const valid = validChildren(year1);
    expect(first.children).toEqual({ read: valid.size + year1.invalidChildren.size, created: valid.size, updated: 0, unchanged: 0, rejected: year1.invalidChildren.size });
    expect(new Set(first.leftOut)).toEqual(year1.invalidChildren);
    expect(await count('"children"."child"')).toBe(valid.size);
    const left = [...year1.invalidChildren];
    expect(await count('"children"."child"', `la_child_id = any('{${left.join(',')}}')`)).toBe(0);
    expect(await count('"placements"."episode"')).toBe(rowsOfValid(year1, 'episodes'));
    expect(await count('"children"."missing_episode"')).toBe(rowsOfValid(year1, 'missing'));
    expect(await count('"children"."case_note"', `category = 'REVIEW'`)).toBe(rowsOfValid(year1, 'reviews'));
    expect(await count('"children"."allocation"')).toBe(rowsOfValid(year1, 'sw_episodes'));
    expect(await count('"children"."care_leaver_status"')).toBe(rowsOfValid(year1, 'oc3'));
    expect(await count('"health"."sdq_score"')).toBe(rowsOfValid(year1, 'oc2'));
    expect(await count('"health"."oc2_outcome"')).toBe(rowsOfValid(year1, 'oc2'));
    expect(await count('"placements"."previous_permanence"')).toBe(rowsOfValid(year1, 'previous_permanence'));
    expect(await count('"placements"."placed_for_adoption"')).toBe(rowsOfValid(year1, 'placed_for_adoption'));
    expect(await count('"placements"."adoption_decision"')).toBe(rowsOfValid(year1, 'ad1'));
    expect(rowsOfValid(year1, 'ad1')).toBeGreaterThan(0);
    expect(await count('"children"."ssda903_conviction"')).toBe(rowsOfValid(year1, 'oc2'));
    expect(await count('"children"."ssda903_child"', 'uasc')).toBe(rowsOfValid(year1, 'uasc'));
    expect(await count('"children"."ssda903_child"', 'mother is not null')).toBe(year1.rows.filter((r) => r.kind === 'header' && r.values.MOTHER !== '' && !year1.invalidChildren.has(r.child)).length);
    // Scope: every child on the LA's records, looked after by it, each worker on their children.
    expect(await count('"access"."relationship"', `relation = 'la_child' and subject = '${LA}'`)).toBe(valid.size);
    const withEpisodes = new Set(year1.rows.filter((r) => r.kind === 'episodes' && valid.has(r.child)).map((r) => r.child));
    expect(await count('"access"."relationship"', `relation = 'looked_after'`)).toBeGreaterThanOrEqual(withEpisodes.size);
    expect(await count('"access"."relationship"', `relation = 'social_worker'`)).toBe(rowsOfValid(year1, 'sw_episodes'));
    // Placements chain the episodes: at most one open episode and one open placement per child.
    expect(await count('"placements"."placement"')).toBeGreaterThan(0);
    expect(Number((await sql.query(`select count(*) from (select child_id from "placements"."episode" where end_date is null group by child_id having count(*) > 1) x`)).rows[0].count)).toBe(0);
  });

  it('re-importing the same files changes nothing', async () => {
    const before = await snapshot();
    const again = await importReturn(db.url, year1.csv, { la: LA, skipInvalid: true });
    expect(again.children).toMatchObject({ created: 0, updated: 0, unchanged: first.children.created, rejected: year1.invalidChildren.size });
    expect(await snapshot()).toEqual(before);
  });

  it('next year’s return updates and extends the same children', async () => {
    const year2 = generateReturn({ children: 150, year: 2025 });
    const r = await importReturn(db.url, year2.csv, { la: LA });
    expect(r.issues).toEqual([]);
    expect(r.committed).toBe(true);
    const inBoth = [...new Set(year2.rows.map((x) => x.child))].filter((c) => validChildren(year1).has(c));
    expect(r.children.created).toBe(new Set(year2.rows.map((x) => x.child)).size - inBoth.length);
    expect(r.children.updated + r.children.unchanged).toBe(inBoth.length);
    expect(r.children.updated).toBeGreaterThan(0);
    // Matched by LA + CHILD: one hub child per CHILD id, episodes matched by DECOM (an episode open at 31 March 2024 is the same row, now closed or still open).
    expect(Number((await sql.query(`select count(*) from (select la_child_id from "children"."child" group by la_child_id having count(*) > 1) x`)).rows[0].count)).toBe(0);
    expect(Number((await sql.query(`select count(*) from (select child_id, start_date from "placements"."episode" group by 1, 2 having count(*) > 1) x`)).rows[0].count)).toBe(0);
    expect(Number((await sql.query(`select count(*) from (select child_id from "placements"."episode" where end_date is null group by child_id having count(*) > 1) x`)).rows[0].count)).toBe(0);
    const again = await importReturn(db.url, year2.csv, { la: LA });
    expect(again.children).toMatchObject({ created: 0, updated: 0 });
    // The earlier year again: its open episodes ended later (the hub knows from 2024/25); none is reopened.
    const episodes = (await sql.query(`select * from "placements"."episode" order by id`)).rows;
    const older = await importReturn(db.url, year1.csv, { la: LA, skipInvalid: true });
    expect(older.issues.filter((i) => i.code === 'CHAIN_CONFLICTS_WITH_HUB')).toEqual([]);
    expect(older.committed).toBe(true);
    expect((await sql.query(`select * from "placements"."episode" order by id`)).rows).toEqual(episodes);
  });
});

describe('SSDA903 import of a generated return (XML)', () => {
  const g = generateReturn({ children: 80, year: 2024, errors: true, errorEvery: 4 });
  // The XML form has no DOB in its review blocks, so a review's date of birth cannot differ there.
  const expected = g.expected.filter((e) => e.code !== 'DOB_MISMATCH');
  const invalid = new Set(g.expected.filter((e) => e.code !== 'DOB_MISMATCH').map((e) => g.rows.filter((r) => r.kind === e.kind)[e.index]!.child));
  const TAG: Record<string, string> = { CHILD: 'CHILDID', PLACE: 'PL' };

  it('reports every invalid row at its element’s line and imports every valid child', async () => {
    const x = await createTestDatabase();
    try {
      for (const def of SUBGRAPH_DEFINITIONS) await migrateSubgraph(def, x.url);
      const r = await importReturn(x.url, [g.xml], { la: LA, skipInvalid: true });
      const want = expected.map((e) => {
        const row = g.rows.filter((q) => q.kind === e.kind)[e.index]!;
        return key({ file: g.xml.name, line: g.xml.lines.get(row)!, column: TAG[e.column] ?? e.column, code: e.code });
      });
      expect(r.issues.map(key).sort()).toEqual(want.sort());
      // Each names its element too (a return written on one line gives every row the same line).
      expect(r.issues.every((i) => /^CHILD\[\d+\]\/(HEADER|EPISODE\[\d+\]|HEADER\/[A-Z0-9_]+\[\d+\])$/.test(i.element ?? ''))).toBe(true);
      expect(r.rows.rejected).toBe(new Set(r.issues.map((i) => i.element)).size);
      expect(new Set(r.leftOut)).toEqual(invalid);
      const all = new Set(g.rows.map((q) => q.child));
      expect(r.children.created).toBe(all.size - invalid.size);
    } finally {
      await x.drop();
    }
  });
});

async function snapshot(): Promise<Record<string, unknown[]>> {
  const tables = ['"children"."child"', '"children"."legal_status_period"', '"children"."missing_episode"', '"children"."case_note"', '"children"."allocation"',
    '"children"."care_leaver_status"', '"placements"."placement"', '"placements"."episode"', '"placements"."previous_permanence"', '"placements"."placed_for_adoption"',
    '"placements"."adoption_decision"', '"children"."ssda903_child"', '"children"."ssda903_conviction"', '"health"."sdq_score"', '"health"."immunisation_status"', '"health"."oc2_outcome"', '"access"."relationship"'];
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = (await sql.query(`select * from ${t} order by 1`)).rows;
  return out;
}

describe('SSDA903 import against what the hub already holds', () => {
  const H = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n';
  const E = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n';
  const csv = (header: string, episodes: string) => [{ name: 'header.csv', text: H + header }, { name: 'episodes.csv', text: E + episodes }];

  it('a CHILD id another LA holds is refused; episodes that overlap the hub’s are refused; a known child needs no header row', async () => {
    const x = await createTestDatabase();
    try {
      for (const def of SUBGRAPH_DEFINITIONS) await migrateSubgraph(def, x.url);
      const first = await importReturn(x.url, csv('Z1,F,01/05/2012,WBRI,UN4,,\n', 'Z1,01/06/2023,S,C2,N1,U4,PR1,,,,,,\n'), { la: 'E09000017' });
      expect(first.children.created).toBe(1);
      // The same CHILD from another LA: the hub keeps CHILD unique, so it cannot be stored.
      const other = await importReturn(x.url, csv('Z1,F,01/05/2012,WBRI,UN4,,\n', 'Z1,01/06/2023,S,C2,N1,U4,PR1,,,,,,\n'), { la: 'E09000002' });
      expect(other.issues.map((i) => `${i.file}:${i.line}:${i.column}:${i.code}`)).toEqual(['header.csv:2:CHILD:CHILD_ID_OTHER_LA']);
      expect(other.committed).toBe(false);
      // Next year: an episode starting inside the open one on the hub (which this return does not close) overlaps it.
      const overlap = await importReturn(x.url, [{ name: 'episodes.csv', text: E + 'Z1,01/09/2024,P,C2,N1,U6,PR1,,,,,,\n' }], { la: 'E09000017' });
      expect(overlap.issues.map((i) => `${i.file}:${i.line}:${i.column}:${i.code}`)).toEqual(['episodes.csv:2:DECOM:CHAIN_CONFLICTS_WITH_HUB']);
      // Closing it with X1 the day the next starts is accepted, with no header row (the child is on the hub).
      const next = await importReturn(x.url, [{ name: 'episodes.csv', text: E + 'Z1,01/06/2023,S,C2,N1,U4,PR1,01/09/2024,X1,CARPL,,,\nZ1,01/09/2024,P,C2,N1,U6,PR1,,,,,,\n' }], { la: 'E09000017' });
      expect(next.issues).toEqual([]);
      expect(next.children).toMatchObject({ read: 1, created: 0, updated: 1 });
      const c = new pg.Client({ connectionString: x.url });
      await c.connect();
      const rows = (await c.query(`select start_date::text, end_date::text, reason_ceased from "placements"."episode" order by start_date`)).rows;
      const placements = (await c.query(`select start_date::text, end_date::text, reason_for_change from "placements"."placement" order by start_date`)).rows;
      await c.end();
      expect(rows).toEqual([
        { start_date: '2023-06-01', end_date: '2024-09-01', reason_ceased: 'X1' },
        { start_date: '2024-09-01', end_date: null, reason_ceased: null },
      ]);
      expect(placements).toEqual([
        { start_date: '2023-06-01', end_date: '2024-09-01', reason_for_change: 'CARPL' },
        { start_date: '2024-09-01', end_date: null, reason_for_change: null },
      ]);
      // The period of care ends: the LA's looked-after tuple ends that day and previously-looked-after begins.
      const ended = await importReturn(x.url, [{ name: 'episodes.csv', text: E + 'Z1,01/09/2024,P,C2,N1,U6,PR1,10/02/2025,E8,,,,\n' }], { la: 'E09000017' });
      expect(ended.children).toMatchObject({ updated: 1 });
      const d = new pg.Client({ connectionString: x.url });
      await d.connect();
      const tuples = (await d.query(`select relation, subject, valid_from::date::text as "from", valid_to::date::text as "to" from "access"."relationship" where relation <> 'la_child' order by relation`)).rows;
      await d.end();
      expect(tuples).toEqual([
        { relation: 'looked_after', subject: 'E09000017', from: '2023-06-01', to: '2025-02-10' },
        { relation: 'previously_looked_after', subject: 'E09000017', from: '2025-02-10', to: null },
      ]);
    } finally {
      await x.drop();
    }
  });
});
