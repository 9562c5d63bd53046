import { migrateSubgraph } from '@caregraph/kit';
import { SUBGRAPHS, type SubgraphName } from '@caregraph/schema';
import { freePort } from '../../scripts/src/embedded-postgres.js';
import { startHubProcesses, type SupervisedHub } from '../../scripts/src/hub.js';
import { seedDemoData } from '../../scripts/src/seed.js';
import { SUBGRAPH_DEFINITIONS } from '../../scripts/src/subgraphs.js';
import { createTestDatabase } from './database.js';
import { gatewayAuthEnv } from './identity.js';

/**
 * The hub as `npm start` runs it: five supervised processes in production mode, over a fresh test database
 * seeded with `stories` demo children. `stop` ends the processes and drops the database.
 */
export async function startProcessHub(opts: { stories: number; env?: Record<string, string>; log?: (line: string) => void }): Promise<SupervisedHub> {
  const db = await createTestDatabase();
  for (const def of SUBGRAPH_DEFINITIONS) await migrateSubgraph(def, db.url);
  await seedDemoData(db.url, opts.stories);
  const subgraphPorts = {} as Record<SubgraphName, number>;
  for (const s of SUBGRAPHS) subgraphPorts[s.name] = await freePort();
  const hub = await startHubProcesses({
    databaseUrl: db.url, gatewayPort: await freePort(), subgraphPorts, logLevel: 'silent', stdio: 'ignore',
    env: { ...(await gatewayAuthEnv()), ...opts.env }, log: opts.log,
  });
  const stopProcesses = hub.stop;
  return {
    ...hub,
    async stop() {
      await stopProcesses();
      await db.drop();
    },
  };
}
