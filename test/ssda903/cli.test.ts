import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseImportArgs, returnFiles, summaryLines } from '../../scripts/src/import-903.js';
import { generateReturn } from '../../scripts/src/ssda903/generate.js';
import { readReturn } from '../../scripts/src/ssda903/read.js';
import { validateReturn } from '../../scripts/src/ssda903/validate.js';

describe('npm run import:903 (command line)', () => {
  it('takes a folder or files, --la, --skip-invalid, --year and --report', () => {
    expect(parseImportArgs(['returns/', '--la', 'E08000025', '--skip-invalid', '--year', '2025', '--report', 'r.json'])).toEqual({
      paths: ['returns/'], la: 'E08000025', skipInvalid: true, yearEnd: '2025-03-31', report: 'r.json',
    });
    expect(parseImportArgs(['a.xml'])).toMatchObject({ la: 'E09000017', skipInvalid: false, yearEnd: undefined });
    expect(() => parseImportArgs([])).toThrow(/usage/);
    expect(() => parseImportArgs(['x', '--year', '25'])).toThrow(/YYYY/);
    expect(() => parseImportArgs(['x', '--la', 'nope'])).toThrow(/usage/);
    expect(() => parseImportArgs(['x', '--force'])).toThrow(/unknown option/);
  });

  it('reads the .csv and .xml files of a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssda903-'));
    writeFileSync(join(dir, 'header.csv'), 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a return file');
    expect(returnFiles([dir]).map((f) => f.name)).toEqual(['header.csv']);
  });

  it('the terminal summary names rows and codes, never a value from the return', () => {
    const g = generateReturn({ children: 60, year: 2024, errors: true, errorEvery: 3 });
    const v = validateReturn(readReturn(g.csv));
    const lines = summaryLines({
      format: 'csv', la: 'E09000017', collectionYearEnd: v.yearEnd, mode: 'skip-invalid', committed: true,
      rows: { read: v.rowsRead, rejected: v.issues.length, leftOut: 0 }, children: { read: v.children.length, created: 0, updated: 0, unchanged: 0, rejected: v.invalidChildren.size },
      issues: v.issues, leftOut: [...v.invalidChildren], notKept: [], seconds: 1, phases: { read: 0, validate: 0, write: 0, writers: { children: 0, placements: 0, health: 0 } },
    }).join('\n');
    expect(lines).toContain('INVALID_DATE');
    const values = new Set(g.rows.flatMap((r) => Object.entries(r.values).filter(([c]) => c !== 'CHILD').map(([, x]) => x)).filter((x) => x.length >= 4));
    for (const value of values) expect(lines).not.toContain(value);
    for (const child of v.invalidChildren) expect(lines).not.toContain(child);
  });
});
