import 'reflect-metadata';
import { migrateSubgraph } from '@caregraph/kit';
import { childrenArg } from './args.js';
import { isEmpty, seedDemoData, DEFAULT_DEMO_CHILDREN } from './seed.js';
import { SUBGRAPH_DEFINITIONS } from './subgraphs.js';

/** `npm run seed -- --children 100000` against DATABASE_URL (an empty, migrated or new database). */
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('npm run seed needs DATABASE_URL (npm start seeds the embedded database by itself)');
const count = childrenArg(process.argv.slice(2), DEFAULT_DEMO_CHILDREN);
for (const def of SUBGRAPH_DEFINITIONS) await migrateSubgraph(def, databaseUrl);
if (!(await isEmpty(databaseUrl))) throw new Error('the database already holds children; seed an empty one');
const started = performance.now();
await seedDemoData(databaseUrl, count, { progress: process.stdout.isTTY });
console.log(`seeded ${count} children in ${((performance.now() - started) / 1000).toFixed(1)} s`);
