import 'reflect-metadata';
import { startEmbeddedPostgres } from '/work/main/scripts/dist/embedded-postgres.js';
import { seedDemoData } from '/work/main/scripts/dist/seed.js';
import { SUBGRAPH_DEFINITIONS } from '/work/main/scripts/dist/subgraphs.js';
import { migrateSubgraph } from '@caregraph/kit';
import { rmSync } from 'node:fs';
const n = Number(process.argv[2] ?? 100000);
rmSync('/tmp/bx/pg', { recursive: true, force: true });
let t = Date.now();
const db = await startEmbeddedPostgres({ dir: '/tmp/bx/pg', persistent: false });
console.log('pg', Date.now() - t); t = Date.now();
for (const d of SUBGRAPH_DEFINITIONS) await migrateSubgraph(d, db.url);
console.log('migrate', Date.now() - t); t = Date.now();
await seedDemoData(db.url, n);
console.log('seed', n, Date.now() - t);
if (process.argv[3] === 'keep') { console.log(db.url); await new Promise(()=>{}); }
await db.stop();
