import 'reflect-metadata';
import pg from 'pg';
import { migrateSubgraph } from '@caregraph/kit';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs.js';
import { generateReturn } from './generate.js';
import { importReturn } from './import.js';

/**
 * Measures the import of a generated return of at least `--episodes` episodes (default 50,000) into a new
 * database on the server of DATABASE_URL: `node scripts/dist/ssda903/measure.js [--episodes N]`.
 */
const server = process.env.DATABASE_URL;
if (!server) throw new Error('measure needs DATABASE_URL (a server where it may create a scratch database)');
const at = process.argv.indexOf('--episodes');
const want = at > 0 ? Number(process.argv[at + 1]) : 50_000;
let children = Math.ceil(want / 2);
let g = generateReturn({ children, year: 2026 });
const episodes = () => g.rows.filter((r) => r.kind === 'episodes').length;
while (episodes() < want) g = generateReturn({ children: (children = Math.ceil(children * (want / episodes()) * 1.02)), year: 2026 });
const name = `cg_measure_${Date.now()}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
try {
  for (const def of SUBGRAPH_DEFINITIONS) await migrateSubgraph(def, url.toString());
  const started = performance.now();
  const r = await importReturn(url.toString(), g.csv, { la: 'E09000017' });
  const seconds = (performance.now() - started) / 1000;
  console.log(`${episodes()} episodes, ${r.rows.read} rows, ${r.children.created} children created in ${seconds.toFixed(1)} s (committed: ${r.committed}, issues: ${r.issues.length}; read ${r.phases.read} s, validate ${r.phases.validate} s, write ${r.phases.write} s: ${JSON.stringify(r.phases.writers)})`);
  const again = performance.now();
  const r2 = await importReturn(url.toString(), g.csv, { la: 'E09000017' });
  console.log(`re-import: ${r2.children.unchanged} unchanged in ${((performance.now() - again) / 1000).toFixed(1)} s (write ${r2.phases.write} s)`);
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
