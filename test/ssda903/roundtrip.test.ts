import { migrateSubgraph } from '@caregraph/kit';
import { SUBGRAPH_DEFINITIONS } from '../../scripts/src/subgraphs.js';
import { importReturn } from '../../scripts/src/ssda903/import.js';
import { exportReturn } from '../../scripts/src/ssda903/export.js';
import { generateReturn } from '../../scripts/src/ssda903/generate.js';
import { readReturn } from '../../scripts/src/ssda903/read.js';
import { FILE_COLUMNS, type FileKind } from '../../scripts/src/ssda903/model.js';
import { createTestDatabase } from '../helpers/database.js';

/** Every column of every file: each has an owner in the hub now (the report's `notKept` is empty). */
const KEPT: Partial<Record<FileKind, readonly string[]>> = FILE_COLUMNS;

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
      expect(out.notKept).toEqual([]);
      expect(new Set(g.rows.map((r) => r.kind))).toEqual(new Set(Object.keys(FILE_COLUMNS)));
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
