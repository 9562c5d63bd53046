import 'reflect-metadata';
import { createLogger, createSubgraph, loadSubgraphConfig, migrateSubgraph, stopOnSignals } from '@caregraph/kit';
import { SUBGRAPH_DEFINITIONS } from '../../scripts/dist/subgraphs.js';
import { AllowAllAccess } from './allow-all.js';

/**
 * `node bench/dist/allow-all-subgraph.js <name>`: one subgraph as `runSubgraph` runs it (subgraphs/shared/src/
 * subgraph.ts), configured from the same environment, but built with the allow-all access control: the
 * benchmark's "authorization off" hub. Never used outside bench/.
 */
const name = process.argv[2];
const def = SUBGRAPH_DEFINITIONS.find((d) => d.name === name);
if (!def) {
  console.error(`usage: allow-all-subgraph.js <${SUBGRAPH_DEFINITIONS.map((d) => d.name).join('|')}>`);
  process.exit(2);
}

const config = loadSubgraphConfig(def.name, def.defaultPort);
const log = createLogger(def.name, config.logLevel);
if (config.migrationDatabaseUrl) {
  await migrateSubgraph(def, config.migrationDatabaseUrl, { servicePassword: decodeURIComponent(new URL(config.databaseUrl).password) });
} else await migrateSubgraph(def, config.databaseUrl);
const sg = await createSubgraph(def, {
  databaseUrl: config.databaseUrl,
  identitySecret: config.identitySecret,
  accessControl: AllowAllAccess.create,
  isDev: config.isDev,
  logLevel: config.logLevel,
});
const port = await sg.server.listen(config.port, config.host);
log.info({ port }, 'subgraph listening (allow-all access control: benchmark only)');
stopOnSignals(log, async () => {
  await sg.server.stop();
  await sg.orm.close(true);
});
