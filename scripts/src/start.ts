import 'reflect-metadata';
import { loggableError, migrateSubgraph, serviceDatabaseUrl } from '@caregraph/kit';
import { DEMO_LA } from '@caregraph/demo';
import { SUBGRAPHS, type SubgraphName } from '@caregraph/schema';
import { childrenArg } from './args.js';
import { EmbeddedPostgresAccessError, startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';
import { startHubProcesses } from './hub.js';
import { ensureLocalKeys, identityEnv, servicePassword } from './keys.js';
import { DEFAULT_DEMO_CHILDREN, isEmpty, seedDemoData } from './seed.js';
import { SUBGRAPH_DEFINITIONS } from './subgraphs.js';

/**
 * `npm start`: PostgreSQL (embedded under .data/postgres unless DATABASE_URL is set), migrations, demo data
 * on first start, then the four subgraphs and the gateway as separate processes. Ctrl-C stops all of it.
 */
const count = childrenArg(process.argv.slice(2), DEFAULT_DEMO_CHILDREN);
let db: EmbeddedDatabase | null = null;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.log('Starting embedded PostgreSQL (data in .data/postgres)...');
  try {
    db = await startEmbeddedPostgres({ dir: '.data/postgres', port: Number(process.env.PG_PORT ?? 54320) });
  } catch (err) {
    // A folder the postgres user cannot traverse (EmbeddedPostgresAccessError) says which and how to fix it: no stack.
    console.error(`CareGraph could not start PostgreSQL.\n${err instanceof EmbeddedPostgresAccessError ? err.message : (err as Error).message}`);
    process.exit(1);
  }
  databaseUrl = db.url;
}
const stopDatabase = async () => {
  // PostgreSQL may already have had the terminal's Ctrl-C; don't wait forever for an exit that has happened.
  await Promise.race([db?.stop(), new Promise((r) => setTimeout(r, 5000))]);
};
try {
  for (const def of SUBGRAPH_DEFINITIONS) {
    const applied = await migrateSubgraph(def, databaseUrl, { servicePassword: servicePassword(await ensureLocalKeys('.data/keys')) });
    if (applied.length) console.log(`Migrated ${def.name}: ${applied.join(', ')}`);
  }
  if (await isEmpty(databaseUrl)) {
    console.log(`Loading demo data: ${count} children...`);
    await seedDemoData(databaseUrl, count, { progress: process.stdout.isTTY });
  }
  const ports = Object.fromEntries(
    SUBGRAPHS.map((s) => [s.name, Number(process.env[`${s.name.toUpperCase()}_PORT`] ?? s.port)]),
  ) as Record<SubgraphName, number>;
  const keys = await ensureLocalKeys('.data/keys');
  const hub = await startHubProcesses({
    // The services connect as their own login (not a superuser, owning nothing): service-role.ts.
    databaseUrl: serviceDatabaseUrl(databaseUrl, servicePassword(keys)),
    gatewayPort: Number(process.env.PORT ?? 4000),
    subgraphPorts: ports,
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    env: identityEnv(keys),
  });
  console.log(`\nCareGraph is ready: ${hub.gatewayUrl}  (health: /health, readiness: /ready)`);
  console.log(`Local authority of the demo data: ${DEMO_LA}. Every request needs a bearer token, e.g.:`);
  console.log(`  TOKEN=$(npm run -s token -- --role dpo)`);
  console.log(`  curl -s ${hub.gatewayUrl} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`);
  console.log(`    -d '{"query":"{ children(first: 3) { edges { node { id legalGivenName placements { placementType } } } } }"}'`);
  console.log(`Roles: social_worker (--sub sw-001), team_manager (--team team-a), iro (--sub iro-001), virtual_school,`);
  console.log(`  designated_teacher (--school <urn>), health_practitioner, foster_carer (--sub carer-001), personal_adviser (--sub pa-001),`);
  console.log(`  partner_agency (--agreement <id>), care_leaver (--child <id>), analyst, dpo. Press Ctrl-C to stop.\n`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping CareGraph...');
    await hub.stop();
    await stopDatabase();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (err) {
  // A database error's message may quote the values it rejected: print its SQLSTATE and where, as logs do.
  const sqlState = /^[0-9A-Z]{5}$/.test(String((err as { code?: unknown })?.code));
  console.error(`CareGraph could not start: ${sqlState ? JSON.stringify(loggableError(err)) : (err as Error).message}`);
  await stopDatabase();
  process.exit(1);
}
