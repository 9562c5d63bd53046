import { migrateSubgraph } from '@caregraph/kit';
import { SUBGRAPH_DEFINITIONS } from '../../scripts/src/subgraphs.js';
import { importReturn } from '../../scripts/src/ssda903/import.js';
import { exportReturn } from '../../scripts/src/ssda903/export.js';
import { generateReturn } from '../../scripts/src/ssda903/generate.js';
import { readReturn } from '../../scripts/src/ssda903/read.js';
import { FILE_COLUMNS, type FileKind } from '../../scripts/src/ssda903/model.js';
import { createTestDatabase } from '../helpers/database.js';

/** The columns the hub keeps, file by file (the rest is listed in the report as not kept, and exported blank). */
const KEPT: Partial<Record<FileKind, string[]>> = {
  header: ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN'],
  episodes: [...FILE_COLUMNS.episodes],
  reviews: [...FILE_COLUMNS.reviews],
  missing: [...FILE_COLUMNS.missing],
  oc2: FILE_COLUMNS.oc2.filter((c) => c !== 'CONVICTED'),
  previous_permanence: [...FILE_COLUMNS.previous_permanence],
  placed_for_adoption: [...FILE_COLUMNS.placed_for_adoption],
  ad1: [...FILE_COLUMNS.ad1],
  oc3: [...FILE_COLUMNS.oc3],
  sw_episodes: ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC'],
};

function rowsByFile(files: { name: string; text: string }[]): Record<string, string[]> {
  const read = readReturn(files);
  const out: Record<string, string[]> = {};
  for (const r of read.rows) {
    const kept = KEPT[r.kind];
    if (!kept) continue;
    (out[r.kind] ??= []).push(kept.map((c) => r.values[c] ?? '').join('|'));
  }
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

describe('SSDA903 round trip: import a return, export the same year', () => {
  it('gives back the same rows for every column the hub keeps, in CSV and in XML', async () => {
    const db = await createTestDatabase();
    try {
      for (const def of SUBGRAPH_DEFINITIONS) await migrateSubgraph(def, db.url);
      const g = generateReturn({ children: 120, year: 2024 });
      const imported = await importReturn(db.url, g.csv, { la: 'E09000017' });
      expect(imported.issues).toEqual([]);
      const out = await exportReturn(db.url, 'E09000017', 2024);
      expect(out.notKept.length).toBeGreaterThan(0);
      expect(rowsByFile(out.csv)).toEqual(rowsByFile(g.csv));
      expect(rowsByFile([out.xml])).toEqual(rowsByFile([g.xml]));
      // And the export imports back as it is: nothing changes.
      const again = await importReturn(db.url, out.csv, { la: 'E09000017' });
      expect(again.issues).toEqual([]);
      expect(again.children).toMatchObject({ created: 0, updated: 0 });
    } finally {
      await db.drop();
    }
  });
});
