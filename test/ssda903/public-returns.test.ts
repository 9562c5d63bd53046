import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrateSubgraph } from '@caregraph/kit';
import { SUBGRAPH_DEFINITIONS } from '../../scripts/src/subgraphs.js';
import { importReturn } from '../../scripts/src/ssda903/import.js';
import { readReturn } from '../../scripts/src/ssda903/read.js';
import { validateReturn } from '../../scripts/src/ssda903/validate.js';
import { createTestDatabase } from '../helpers/database.js';

/** The DfE validator's public synthetic return (see public/SOURCE.md): random data, most children break a rule. */
const DIR = new URL('./public/', import.meta.url).pathname;
const csv = readdirSync(DIR).filter((n) => n.endsWith('.csv')).map((n) => ({ name: n, text: readFileSync(join(DIR, n), 'utf8') }));
const xml = [{ name: 'fake_903.xml', text: readFileSync(join(DIR, 'fake_903.xml'), 'utf8') }];
const has = (issues: { file: string; line: number; column: string; code: string }[], k: string) => issues.some((i) => `${i.file}:${i.line}:${i.column}:${i.code}` === k);

describe('the public synthetic SSDA903 returns', () => {
  it('CSV: rows that break DfE rules are reported where they are (expectations read off the files by hand)', () => {
    const v = validateReturn(readReturn(csv), { yearEnd: '2018-03-31' });
    // 566910 is placed T2 (temporary) with a URN: rule 222. Its open episode gives REC X1: no REC without DEC.
    expect(has(v.issues, 'episodes.csv:2:URN:URN_NOT_ALLOWED')).toBe(true);
    expect(has(v.issues, 'episodes.csv:3:REC:REC_WITHOUT_DEC')).toBe(true);
    expect(has(v.issues, 'episodes.csv:5:REC:REC_WITHOUT_DEC')).toBe(true);
    // OC3 ACCOM "01" is neither 0 nor a letter with a suitability digit.
    expect(has(v.issues, 'oc3.csv:2:ACCOM:UNKNOWN_CODE')).toBe(true);
    expect(v.invalidChildren.has('566910')).toBe(true);
  });

  it('CSV and XML: every row either belongs to a child that lands or is accounted for; no issue quotes a value', () => {
    for (const files of [csv, xml]) {
      const read = readReturn(files);
      const v = validateReturn(read);
      expect(read.issues).toEqual([]);
      const values = new Set(read.rows.flatMap((r) => Object.values(r.values)).filter((x) => x.length > 3));
      for (const i of v.issues) {
        expect(i.file && i.line > 0 && i.code && i.message).toBeTruthy();
        expect(values.has(i.message)).toBe(false);
        for (const word of i.message.split(/\s+/)) expect(values.has(word.replace(/[.,:]$/, ''))).toBe(false);
      }
      for (const child of v.children) {
        if (v.invalidChildren.has(child.laChildId)) expect(v.issues.some((i) => i.child === child.laChildId)).toBe(true);
      }
    }
  });

  it('imports with --skip-invalid: every valid child lands; by default nothing does', async () => {
    const db = await createTestDatabase();
    const sql = new pg.Client({ connectionString: db.url });
    try {
      for (const def of SUBGRAPH_DEFINITIONS) await migrateSubgraph(def, db.url);
      await sql.connect();
      const none = await importReturn(db.url, csv, { la: 'E09000017' });
      expect(none.committed).toBe(false);
      expect(Number((await sql.query('select count(*) from "children"."child"')).rows[0].count)).toBe(0);
      const r = await importReturn(db.url, csv, { la: 'E09000017', skipInvalid: true });
      const v = validateReturn(readReturn(csv));
      const valid = v.children.filter((c) => !v.invalidChildren.has(c.laChildId));
      expect(r.children.created).toBe(valid.length);
      expect(Number((await sql.query('select count(*) from "children"."child"')).rows[0].count)).toBe(valid.length);
      expect(Number((await sql.query('select count(*) from "placements"."episode"')).rows[0].count)).toBe(valid.reduce((n, c) => n + c.episodes.length, 0));
      const x = await importReturn(db.url, xml, { la: 'E09000017', skipInvalid: true });
      expect(x.committed).toBe(true);
    } finally {
      await sql.end();
      await db.drop();
    }
  });
});
