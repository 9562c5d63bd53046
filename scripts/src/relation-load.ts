import type { EntityManager } from '@mikro-orm/postgresql';
import { createOrm, startBulkLoad, writeRelations } from '@caregraph/kit';
import { SUBGRAPH_DEFINITIONS } from './subgraphs.js';

/** COPY at least this much text at a time: fewer statements, and a single writer keeps up with the producers. */
const FLUSH_AT = 4 << 20;

export interface RelationLoad {
  /** Takes `relationLines` output from any subgraph's transaction; written in order, in the background. */
  add(lines: string): void;
  /** Writes what is left and builds the table's indexes; rejects if any write failed. Once: later calls return the same promise. */
  finish(): Promise<void>;
  commit(): Promise<void>;
  /** Rolls back (if still open) and closes the connection. */
  close(): Promise<void>;
}

/**
 * The seed's one writer of access relationship tuples. Three subgraphs grant them; written from their own
 * transactions, the table's indexes had to be kept up row by row (the costliest part of seeding). One
 * transaction for all of them can take the indexes off while it loads. It commits together with the
 * subgraphs' transactions (seed.ts holds every commit until all are ready).
 */
export async function openRelationLoad(databaseUrl: string): Promise<RelationLoad> {
  const orm = await createOrm({ ...SUBGRAPH_DEFINITIONS[0]!.ormSettings(databaseUrl), poolMax: 1 });
  const em = orm.em.fork() as unknown as EntityManager;
  await em.begin();
  const load = await startBulkLoad(em);
  let buffered = '';
  let written: Promise<void> = Promise.resolve();
  let finished: Promise<void> | undefined;
  const flush = () => {
    if (buffered.length === 0) return;
    const lines = buffered;
    buffered = '';
    written = written.then(() => writeRelations(em, lines));
    // Reported by finish(); not an unhandled rejection meanwhile.
    written.catch(() => undefined);
  };
  return {
    add(lines) {
      buffered += lines;
      if (buffered.length >= FLUSH_AT) flush();
    },
    finish() {
      flush();
      finished ??= written.then(() => load.finish());
      return finished;
    },
    commit: () => em.commit(),
    async close() {
      try {
        if (em.isInTransaction()) await em.rollback();
      } finally {
        await orm.close(true);
      }
    },
  };
}
