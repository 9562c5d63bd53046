import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalKeys } from './keys.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A throw-away database for a measuring script (fuzz, abuse, soak): migrated, seeded, with keys of its own. */
export interface ScratchDatabase {
  /** The owner's URL (seeding, checks). */
  url: string;
  /** As the services connect in production: their own login (not a superuser, owning nothing). */
  serviceUrl: string;
  keys: LocalKeys;
  /** Run in reverse order by `stop`: add what you start on top of the database. */
  stops: (() => Promise<unknown>)[];
  stop(): Promise<void>;
  /** PostgreSQL killed with SIGKILL, then started again on the same folder and port (it recovers from its WAL). */
  crash(): Promise<void>;
}

/**
 * Embedded PostgreSQL under `.data/<label>-<pid>` (a temporary folder may be closed to the unprivileged user it runs
 * as under root), migrated as the owner with the services' login granted, seeded with `stories` demo children.
 */
export async function startScratchDatabase(label: string, stories: number): Promise<ScratchDatabase> {
  const { startEmbeddedPostgres } = await import('./embedded-postgres.js');
  const { migrateSubgraph, serviceDatabaseUrl } = await import('@caregraph/kit');
  const { SUBGRAPH_DEFINITIONS } = await import('./subgraphs.js');
  const { seedDemoData } = await import('./seed.js');
  const { ensureLocalKeys, servicePassword } = await import('./keys.js');
  const dir = join(ROOT, '.data', `${label}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  let db = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), persistent: false });
  const stops: (() => Promise<unknown>)[] = [async () => db.stop(), async () => rmSync(dir, { recursive: true, force: true })];
  const crash = async () => {
    // The postmaster's pid is the first line of postmaster.pid; its backends exit when they see it gone.
    const pid = Number(readFileSync(join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
        await new Promise((r) => setTimeout(r, 50));
      } catch {
        break;
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    db = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), port: Number(new URL(db.url).port), persistent: false });
  };
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    const keys = await ensureLocalKeys(join(dir, 'keys'));
    for (const def of SUBGRAPH_DEFINITIONS) await migrateSubgraph(def, db.url, { servicePassword: servicePassword(keys) });
    await seedDemoData(db.url, stories);
    return { url: db.url, serviceUrl: serviceDatabaseUrl(db.url, servicePassword(keys)), keys, stops, stop, crash };
  } catch (err) {
    await stop();
    throw err;
  }
}
