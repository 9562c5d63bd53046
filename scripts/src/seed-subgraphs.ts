import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createOrm, startBulkLoad, type SubgraphDefinition } from '@caregraph/kit';
import { storyBatches } from '@caregraph/demo';

/** Why a subgraph's seed stopped when the failure was another's: seed.ts reports the other error instead. */
export const STOPPED = 'seeding stopped: another subgraph failed';

export interface SeedHooks {
  /** After each batch, with the number of stories it held. */
  progress?(stories: number): void;
  /** True once the seed as a whole has failed elsewhere: stop and roll back. */
  cancelled?(): boolean;
  /** Takes the relationship tuples the subgraphs grant, as COPY lines (see relation-load.ts). */
  relations(lines: string): void;
  /** Once every batch is written (and every relationship tuple handed over), before the indexes are built. */
  loaded?(): void;
  /** Resolves once every subgraph of the whole seed is written and ready to commit; rejects if one failed. */
  ready(): Promise<void>;
}

/**
 * Writes `count` demo life stories into `defs`, each subgraph in one transaction of its own, so a failed seed
 * leaves it empty. The stories are generated once and handed to every subgraph here, batch by batch; the
 * transactions run under bulk-load rules (indexes and keys built at the end) and commit together.
 */
export async function seedSubgraphs(databaseUrl: string, count: number, defs: SubgraphDefinition[], hooks: SeedHooks): Promise<void> {
  const orms = await Promise.all(defs.map((d) => createOrm({ ...d.ormSettings(databaseUrl), poolMax: 2 })));
  const ems = orms.map((o) => o.em.fork() as unknown as EntityManager);
  try {
    await Promise.all(ems.map((em) => em.begin()));
    const loads = await Promise.all(ems.map((em) => startBulkLoad(em, { relations: hooks.relations })));
    for (const batch of storyBatches(count)) {
      if (hooks.cancelled?.()) throw new Error(STOPPED);
      await settleAll(defs.map((d, i) => d.seedDemo(ems[i]!, batch)));
      hooks.progress?.(batch.length);
    }
    hooks.loaded?.();
    await settleAll(loads.map((l) => l.finish()));
    await hooks.ready();
    await settleAll(ems.map((em) => em.commit()));
  } catch (error) {
    await Promise.allSettled(ems.map((em) => (em.isInTransaction() ? em.rollback() : undefined)));
    throw error;
  } finally {
    await Promise.all(orms.map((o) => o.close(true)));
  }
}

/** Like Promise.all, but waits for every promise before rejecting, so no statement is still running on a connection being rolled back. */
async function settleAll(promises: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(promises)).find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}
