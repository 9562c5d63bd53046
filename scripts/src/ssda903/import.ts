import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm, startBulkLoad } from '@caregraph/kit';
import { matchChildren903, writeChildren903, type ChildImport903 } from '@caregraph/children';
import { episodesOf903, writePlacements903, type EpisodeRow903 } from '@caregraph/placements';
import { writeHealth903 } from '@caregraph/health';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs.js';
import { readReturn } from './read.js';
import { checkChain, validateReturn } from './validate.js';
import { issue, rowKey } from './messages.js';
import { legalStatusPeriods, mergeEpisodes } from './merge.js';
import type { ChildReturn, Issue } from './model.js';

/** Columns a return may carry that the hub checks but does not keep (none now: every column has an owner). */
export const NOT_KEPT: string[] = [];

export interface ImportOptions {
  /** The local authority the return is from (matches children by LA + CHILD). */
  la: string;
  /** Leave out every child with an invalid row and import the rest; otherwise any invalid row imports nothing. */
  skipInvalid?: boolean;
  /** The collection year's last day (YYYY-MM-DD); inferred from the return's dates when absent. */
  yearEnd?: string;
  /** Children written so far, of how many (a progress bar). */
  progress?(done: number, total: number): void;
}

export interface ImportReport {
  format: 'csv' | 'xml';
  la: string;
  collectionYearEnd: string;
  mode: 'all-or-nothing' | 'skip-invalid';
  committed: boolean;
  rows: { read: number; rejected: number; leftOut: number };
  children: { read: number; created: number; updated: number; unchanged: number; rejected: number };
  /** Each rejected row (file, line, column, code, message); never a value. */
  issues: Issue[];
  /** Children left out whole (LA CHILD ids). */
  leftOut: string[];
  notKept: string[];
  seconds: number;
  /** Where the time went: reading the files, validating, writing (including the commit). */
  phases: { read: number; validate: number; write: number; writers: { children: number; placements: number; health: number } };
}

const BATCH = 2_000;
const secs = (ms: number) => Math.round(ms) / 1000;

/**
 * Imports an SSDA903 return (CSV files or one XML file) into the four subgraphs, in one transaction on one
 * connection (each subgraph writes its own schema through its own writer), with the scope tuples.
 */
export async function importReturn(databaseUrl: string, files: { name: string; text: string }[], opts: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const read = readReturn(files);
  const readAt = performance.now();
  const orms: MikroORM[] = await Promise.all(SUBGRAPH_DEFINITIONS.map((d) => createOrm({ ...d.ormSettings(databaseUrl), poolMax: 1 })));
  const [cem, pem, , hem] = orms.map((o) => o.em.fork() as unknown as EntityManager) as [EntityManager, EntityManager, EntityManager, EntityManager];
  try {
    await cem.begin();
    const trx = cem.getTransactionContext()!;
    pem.setTransactionContext(trx);
    hem.setTransactionContext(trx);

    const named = [...new Set(read.rows.map((r) => r.values.CHILD).filter((c): c is string => !!c))];
    const matched = await matchChildren903(cem, opts.la, named);
    const checked = validateReturn(read, { yearEnd: opts.yearEnd, knownChildren: new Set(matched.ids.keys()) });
    const issues = checked.issues;
    const invalid = checked.invalidChildren;
    const reject = (child: ChildReturn, row: { file: string; line: number; element?: string }, column: string, code: Parameters<typeof issue>[3]) => {
      issues.push(issue(row.file, row.line, row.element ? (column === 'CHILD' ? 'CHILDID' : column) : column, code, child.laChildId, row.element));
      invalid.add(child.laChildId);
    };
    for (const child of checked.children) {
      if (matched.otherLa.has(child.laChildId)) reject(child, child.rows[0]!, 'CHILD', 'CHILD_ID_OTHER_LA');
    }

    // Each child's chain as it will be: the hub's episodes with the return's, judged whole.
    const before = await episodesOf903(pem, [...matched.ids.values()]);
    const chains = new Map<string, EpisodeRow903[]>();
    for (const child of checked.children) {
      if (invalid.has(child.laChildId)) continue;
      const id = matched.ids.get(child.laChildId);
      const had = (id && before.get(id)) || [];
      const chain = mergeEpisodes<EpisodeRow903>(had, child.episodes, checked.yearEnd);
      if (had.length > 0 && child.episodes.length > 0) {
        const located = chain.map((e) => ({ ...e, file: '', line: 0 }));
        if (checkChain(located, child.laChildId).length > 0) {
          const first = child.episodes[0]!;
          reject(child, first, 'DECOM', 'CHAIN_CONFLICTS_WITH_HUB');
          continue;
        }
      }
      chains.set(child.laChildId, chain);
    }

    const validatedAt = performance.now();
    const valid = checked.children.filter((c) => !invalid.has(c.laChildId));
    const leftOut = checked.children.filter((c) => invalid.has(c.laChildId));
    const proceed = opts.skipInvalid ? true : issues.length === 0;
    let created = 0;
    let updated = 0;
    const spent = { children: 0, placements: 0, health: 0 };
    const timed = async <T>(key: keyof typeof spent, work: Promise<T>): Promise<T> => {
      const t = performance.now();
      try {
        return await work;
      } finally {
        spent[key] += performance.now() - t;
      }
    };
    if (proceed) {
      // Bulk-load rules (the kit's, as seeding uses): a table empty before the import (a first load) has its
      // indexes and keys built once at the end, and checked then; tables that hold rows keep theirs.
      const load = await startBulkLoad(cem);
      for (let at = 0; at < valid.length; at += BATCH) {
        const batch = valid.slice(at, at + BATCH);
        const ids = new Map(batch.map((c) => [c.laChildId, matched.ids.get(c.laChildId) ?? crypto.randomUUID()]));
        const idOf = (c: ChildReturn) => ids.get(c.laChildId)!;
        const childRows: ChildImport903[] = batch.map((c) => {
          const chain = chains.get(c.laChildId)!;
          return {
            id: idOf(c), isNew: !matched.ids.has(c.laChildId), laChildId: c.laChildId, header: c.header, legalStatuses: legalStatusPeriods(chain), missing: c.missing, reviews: c.reviews,
            careLeaver: c.oc3, socialWorkers: c.socialWorkers, since: chain[0]?.start ?? c.header?.dateOfBirth ?? checked.yearEnd,
            mother: c.header && { mother: c.header.mother, childDob: c.header.motherChildDob }, uasc: c.uasc,
            convicted: c.oc2?.convicted == null ? null : { yearEnd: checked.yearEnd, value: c.oc2.convicted },
          };
        });
        const changed = new Set<string>();
        for (const id of await timed('children', writeChildren903(cem, opts.la, childRows))) changed.add(id);
        const forPlacements = batch.filter((c) => c.episodes.length > 0 || c.previousPermanence || c.placedForAdoption.length > 0 || c.ad1);
        for (const id of await timed('placements', writePlacements903(pem, opts.la, forPlacements.map((c) => ({
          id: idOf(c), isNew: !matched.ids.has(c.laChildId), before: before.get(idOf(c)) ?? [], episodes: chains.get(c.laChildId)!,
          previousPermanence: c.previousPermanence, placedForAdoption: c.placedForAdoption, ad1: c.ad1,
        }))))) changed.add(id);
        const withOc2 = batch.filter((c) => c.oc2);
        for (const id of await timed('health', writeHealth903(hem, withOc2.map((c) => {
          const { sdqScore, sdqReason, immunisations, convicted: _notHealth, ...flags } = c.oc2!;
          return { id: idOf(c), isNew: !matched.ids.has(c.laChildId), yearEnd: checked.yearEnd, sdqScore, sdqReason, immunisations, flags };
        })))) changed.add(id);
        for (const c of batch) {
          if (!matched.ids.has(c.laChildId)) created++;
          else if (changed.has(idOf(c))) updated++;
        }
        opts.progress?.(Math.min(at + BATCH, valid.length), valid.length);
      }
      await load.finish();
      await cem.commit();
    } else {
      await cem.rollback();
    }
    const rejectedRows = new Set(issues.map(rowKey));
    const leftOutRows = leftOut.flatMap((c) => c.rows).filter((r) => !rejectedRows.has(rowKey(r))).length;
    return {
      format: read.format, la: opts.la, collectionYearEnd: checked.yearEnd, mode: opts.skipInvalid ? 'skip-invalid' : 'all-or-nothing', committed: proceed,
      rows: { read: checked.rowsRead, rejected: rejectedRows.size, leftOut: leftOutRows },
      children: {
        read: checked.children.length,
        created: proceed ? created : 0,
        updated: proceed ? updated : 0,
        unchanged: proceed ? valid.length - created - updated : 0,
        rejected: leftOut.length,
      },
      issues, leftOut: leftOut.map((c) => c.laChildId), notKept: NOT_KEPT, seconds: Math.round(performance.now() - started) / 1000,
      phases: {
        read: secs(readAt - started), validate: secs(validatedAt - readAt), write: secs(performance.now() - validatedAt),
        writers: { children: secs(spent.children), placements: secs(spent.placements), health: secs(spent.health) },
      },
    };
  } catch (error) {
    if (cem.isInTransaction()) await cem.rollback().catch(() => undefined);
    throw error;
  } finally {
    pem.resetTransactionContext();
    hem.resetTransactionContext();
    await Promise.all(orms.map((o) => o.close(true)));
  }
}
