import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import cliProgress from 'cli-progress';
import { createOrm } from '@caregraph/kit';
import { SUBGRAPH_DEFINITIONS } from './subgraphs.js';
import { seedSubgraphs, STOPPED } from './seed-subgraphs.js';
import { openRelationLoad, type RelationLoad } from './relation-load.js';
import type { Verdict, WorkerMessage } from './seed-worker.js';

export const DEFAULT_DEMO_CHILDREN = 200;

/**
 * Two threads, each generating the stories and writing them into two subgraphs, so building rows uses both
 * cores. Paired to even out the work: children and health each cost the most.
 */
const WORKER_GROUPS = [
  ['children', 'education'],
  ['placements', 'health'],
];
/** Below this, starting threads (each loads the ORM and four subgraphs' modules) costs more than it saves. */
const WORKERS_FROM = 5_000;
const WORKER = new URL('./seed-worker.js', import.meta.url);

/**
 * Writes `count` demo life stories into all four subgraphs, 1,000 children per batch, with a progress bar on
 * a terminal. One transaction per subgraph (and one for the relationship tuples they grant), none committed
 * before all are written: a failed seed leaves the subgraphs empty, not half-written.
 */
export async function seedDemoData(databaseUrl: string, count: number, opts: { progress?: boolean } = {}): Promise<void> {
  const bar = opts.progress ? new cliProgress.SingleBar({ format: 'seeding {bar} {value}/{total} children | {eta}s left' }, cliProgress.Presets.shades_classic) : null;
  bar?.start(count, 0);
  const relations = await openRelationLoad(databaseUrl);
  try {
    // Compiled code only: under the test runner the worker would be a .ts file Node cannot load.
    if (count >= WORKERS_FROM && existsSync(fileURLToPath(WORKER))) {
      let written = 0;
      await inWorkers(databaseUrl, count, relations, (stories) => bar?.update(Math.floor((written += stories) / WORKER_GROUPS.length)));
    } else {
      let written = 0;
      await seedSubgraphs(databaseUrl, count, SUBGRAPH_DEFINITIONS, {
        progress: (stories) => bar?.update((written += stories)),
        relations: (lines) => relations.add(lines),
        // The relationship table's indexes are built while the subgraphs build theirs.
        loaded: () => void relations.finish().catch(() => undefined),
        ready: () => relations.finish(),
      });
      await relations.commit();
    }
  } finally {
    bar?.stop();
    await relations.close();
  }
}

async function inWorkers(databaseUrl: string, count: number, relations: RelationLoad, progress: (stories: number) => void): Promise<void> {
  const workers = WORKER_GROUPS.map((names) => new Worker(WORKER, { workerData: { databaseUrl, count, names } }));
  let loaded = 0;
  let ready = 0;
  let verdict: Verdict | undefined;
  let committed: Promise<void> | undefined;
  const tell = (v: Verdict) => {
    if (verdict) return;
    verdict = v;
    workers.forEach((w) => w.postMessage(v));
  };
  const allReady = () =>
    relations.finish().then(
      () => {
        committed = relations.commit();
        committed.catch(() => undefined); // awaited below, once the workers are done
        tell('commit');
      },
      () => tell('abort'),
    );
  const results = await Promise.allSettled(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.on('message', (m: WorkerMessage) => {
            if (m.type === 'progress') progress(m.stories);
            else if (m.type === 'relations') relations.add(m.lines);
            else if (m.type === 'loaded') {
              // Every tuple is in: the relationship table's indexes are built while the subgraphs build theirs.
              if (++loaded === workers.length) void relations.finish().catch(() => undefined);
            } else if (++ready === workers.length) void allReady();
          });
          worker.on('error', (error) => {
            tell('abort');
            reject(error);
          });
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed worker exited with code ${code}`))));
        }),
    ),
  );
  // When the relationship load failed, the workers only report that they were stopped: its error says why.
  if (ready === workers.length && !committed) await relations.finish();
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error);
  if (failures.length > 0) throw failures.find((e) => e?.message !== STOPPED) ?? failures[0];
  await committed;
}

/** True when the children subgraph holds no child yet (first start). */
export async function isEmpty(databaseUrl: string): Promise<boolean> {
  const children = SUBGRAPH_DEFINITIONS[0]!;
  const orm = await createOrm(children.ormSettings(databaseUrl));
  try {
    const [row] = await orm.em.getConnection().execute(`select exists (select 1 from "children"."child") as present`);
    return !row.present;
  } finally {
    await orm.close(true);
  }
}
