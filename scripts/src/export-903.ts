import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_LA } from '@caregraph/demo';
import { exportReturn } from './ssda903/export.js';

const USAGE = 'usage: npm run export:903 -- --year <YYYY> --out <folder> [--la <code>]';
const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const year = arg('--year');
const out = arg('--out');
if (!year || !/^\d{4}$/.test(year) || !out) throw new Error(USAGE);
const databaseUrl = process.env.DATABASE_URL ?? `postgres://caregraph:caregraph-local@127.0.0.1:${process.env.PG_PORT ?? 54320}/caregraph`; // the hub `npm start` runs
const r = await exportReturn(databaseUrl, arg('--la') ?? DEMO_LA, Number(year));
mkdirSync(join(out, 'csv'), { recursive: true });
for (const f of r.csv) writeFileSync(join(out, 'csv', f.name), f.text);
writeFileSync(join(out, r.xml.name), r.xml.text);
console.log(`SSDA903 return for the year ending 31/03/${year}: ${r.children} children, ${r.rows} rows -> ${out}/csv/*.csv and ${out}/${r.xml.name}`);
if (r.notKept.length > 0) console.log(`exported blank (the hub does not keep them): ${r.notKept.join('; ')}`);
