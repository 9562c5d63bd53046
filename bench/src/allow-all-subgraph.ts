import 'reflect-metadata';
import { runSubgraph } from '@caregraph/kit';
import { SUBGRAPH_DEFINITIONS } from '../../scripts/dist/subgraphs.js';
import { AllowAllAccess } from './allow-all.js';

/**
 * `node bench/dist/allow-all-subgraph.js <name>`: one subgraph as `runSubgraph` runs it, but built with the
 * allow-all access control: the benchmark's "authorization off" hub. Never used outside bench/.
 */
const name = process.argv[2];
const def = SUBGRAPH_DEFINITIONS.find((d) => d.name === name);
if (!def) {
  console.error(`usage: allow-all-subgraph.js <${SUBGRAPH_DEFINITIONS.map((d) => d.name).join('|')}>`);
  process.exit(2);
}

await runSubgraph(def, { accessControl: AllowAllAccess.create });
