import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateReturn } from './generate.js';

/**
 * Writes a generated SSDA903 return from the demo life stories, CSV files and one XML file:
 * `node scripts/dist/ssda903/write-return.js --out <folder> [--children N] [--year YYYY] [--errors]`.
 * With --errors, every 7th child carries a deliberate mistake; `expected.json` lists each with its code.
 */
const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const out = arg('--out', '');
if (!out) throw new Error('usage: write-return.js --out <folder> [--children N] [--year YYYY] [--errors]');
const g = generateReturn({ children: Number(arg('--children', '200')), year: Number(arg('--year', '2025')), errors: process.argv.includes('--errors') });
mkdirSync(join(out, 'csv'), { recursive: true });
for (const f of g.csv) writeFileSync(join(out, 'csv', f.name), f.text);
writeFileSync(join(out, g.xml.name), g.xml.text);
writeFileSync(join(out, 'expected.json'), JSON.stringify(g.expected.map((e) => ({ file: `${e.kind}.csv`, line: e.index + 2, column: e.column, code: e.code })), null, 2) + '\n');
console.log(`${new Set(g.rows.map((r) => r.child)).size} children, ${g.rows.length} rows, ${g.expected.length} deliberate errors -> ${out}`);
