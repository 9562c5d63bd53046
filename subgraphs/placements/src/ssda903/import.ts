import type { EntityManager } from '@mikro-orm/postgresql';
import { endRelations, grantRelations, rowsOf, upsertDated, type Changed, type RelationTuple } from '@caregraph/kit';
import { Placement } from '../placement/placement.entity.js';
import { Episode } from '../episode/episode.entity.js';
import { WRITER } from '../scope.js';

/** One SSDA903 episode (dates YYYY-MM-DD; codes already checked against the DfE lists). */
export interface EpisodeRow903 {
  start: string;
  rne: string;
  ls: string;
  cin: string;
  place: string;
  provider: string;
  end: string | null;
  rec: string | null;
  reasonPlaceChange: string | null;
  homePostcode: string | null;
  placementPostcode: string | null;
  urn: string | null;
}

export interface PlacementsImport903 {
  id: string;
  /** Created by this import: it has no rows yet, so none are read. */
  isNew: boolean;
  /** The child's episodes on the hub before the import. */
  before: EpisodeRow903[];
  /** The child's whole chain after it: the hub's episodes with the return's (matched by DECOM), sorted, consistent. */
  episodes: EpisodeRow903[];
}

/** The episodes the hub holds for these children, by child id, sorted by start (for merging with a return). */
export async function episodesOf903(em: EntityManager, childIds: string[]): Promise<Map<string, EpisodeRow903[]>> {
  const rows = await rowsOf<Record<string, string | null> & { child_id: string }>(em,
    `select child_id, start_date, reason_new_episode, legal_status, category_of_need, placement_type, provider, end_date, reason_ceased,
            reason_placement_change, home_postcode, placement_postcode, urn
       from "placements"."episode" where child_id = any(?::uuid[]) order by child_id, start_date`, childIds);
  const out = new Map<string, EpisodeRow903[]>();
  for (const r of rows) {
    let list = out.get(r.child_id);
    if (!list) out.set(r.child_id, (list = []));
    list.push({
      start: r.start_date!, rne: r.reason_new_episode!, ls: r.legal_status!, cin: r.category_of_need!, place: r.placement_type!, provider: r.provider!,
      end: r.end_date, rec: r.reason_ceased, reasonPlaceChange: r.reason_placement_change, homePostcode: r.home_postcode,
      placementPostcode: r.placement_postcode, urn: r.urn,
    });
  }
  return out;
}

/** A placement starts with every episode but a legal-status-only change (RNE L) that follows on the same day. */
function runsOf(episodes: EpisodeRow903[]): EpisodeRow903[][] {
  const runs: EpisodeRow903[][] = [];
  episodes.forEach((e, i) => {
    const prev = episodes[i - 1];
    if (prev && e.rne === 'L' && prev.end === e.start) runs.at(-1)!.push(e);
    else runs.push([e]);
  });
  return runs;
}

/** Periods of care: runs of episodes each starting the day the previous ended. */
export function periodsOfCare903(episodes: EpisodeRow903[]): { start: string; end: string | null }[] {
  const periods: { start: string; end: string | null }[] = [];
  episodes.forEach((e, i) => {
    const prev = episodes[i - 1];
    if (prev && prev.end === e.start) periods.at(-1)!.end = e.end;
    else periods.push({ start: e.start, end: e.end });
  });
  return periods;
}

/**
 * Writes the placements subgraph's part of an import in the caller's transaction: the episodes (matched by
 * child and DECOM), the placements they chain into (matched by child and start), and the scope tuples of each
 * period of care (looked after, then previously looked after). Returns the ids of the children it changed.
 */
export async function writePlacements903(em: EntityManager, la: string, children: PlacementsImport903[]): Promise<Changed> {
  const changed: Changed = new Set();
  const ids = children.filter((c) => !c.isNew).map((c) => c.id);
  const runs = children.map((c) => ({ id: c.id, runs: runsOf(c.episodes) }));
  const placements = await upsertDated(em, changed, {
    table: '"placements"."placement"', entity: Placement, dateColumn: 'start_date', ids,
    compare: [
      { name: 'placement_type', type: 'text' }, { name: 'provider', type: 'text' }, { name: 'urn', type: 'varchar' }, { name: 'postcode', type: 'varchar' },
      { name: 'end_date', type: 'date' }, { name: 'reason_for_change', type: 'text' },
    ],
    rows: runs.flatMap((c) => c.runs.map((run) => {
      const first = run[0]!;
      const last = run.at(-1)!;
      return { childId: c.id, date: first.start, values: [first.place, first.provider, first.urn, first.placementPostcode, last.end, last.reasonPlaceChange] };
    })),
    build: (r, id) => ({
      id, childId: r.childId, placementType: r.values[0], provider: r.values[1], carer: null, urn: r.values[2], addressLine: null, postcode: r.values[3],
      startDate: r.date, endDate: r.values[4], reasonForChange: r.values[5],
    }),
  });
  const placementOf = new Map<string, string>();
  for (const c of runs) for (const run of c.runs) for (const e of run) placementOf.set(`${c.id}|${e.start}`, placements.ids.get(`${c.id}|${run[0]!.start}`)!);
  await upsertDated(em, changed, {
    table: '"placements"."episode"', entity: Episode, dateColumn: 'start_date', ids,
    compare: [
      { name: 'reason_new_episode', type: 'text' }, { name: 'legal_status', type: 'text' }, { name: 'category_of_need', type: 'text' },
      { name: 'placement_type', type: 'text' }, { name: 'provider', type: 'text' }, { name: 'end_date', type: 'date' }, { name: 'reason_ceased', type: 'text' },
      { name: 'reason_placement_change', type: 'text' }, { name: 'home_postcode', type: 'varchar' }, { name: 'placement_postcode', type: 'varchar' },
      { name: 'urn', type: 'varchar' }, { name: 'placement_id', type: 'uuid' },
    ],
    rows: children.flatMap((c) => c.episodes.map((e) => ({
      childId: c.id, date: e.start,
      values: [e.rne, e.ls, e.cin, e.place, e.provider, e.end, e.rec, e.reasonPlaceChange, e.homePostcode, e.placementPostcode, e.urn, placementOf.get(`${c.id}|${e.start}`)],
    }))),
    build: (r, id) => ({
      id, childId: r.childId, startDate: r.date, reasonNewEpisode: r.values[0], legalStatus: r.values[1], categoryOfNeed: r.values[2], placementType: r.values[3],
      provider: r.values[4], endDate: r.values[5], reasonCeased: r.values[6], reasonPlacementChange: r.values[7], homePostcode: r.values[8],
      placementPostcode: r.values[9], urn: r.values[10], placement: r.values[11],
    }),
  });

  // Scope follows the periods of care: looked after while one lasts, previously looked after from its end.
  const tuples: RelationTuple[] = [];
  for (const c of children) {
    const before = new Map(periodsOfCare903(c.before).map((p) => [p.start, p]));
    for (const p of periodsOfCare903(c.episodes)) {
      const was = before.get(p.start);
      if (!was) {
        tuples.push({ relation: 'looked_after', subject: la, childId: c.id, from: p.start, to: p.end });
        if (p.end) tuples.push({ relation: 'previously_looked_after', subject: la, childId: c.id, from: p.end });
      } else if (was.end == null && p.end != null) {
        await endRelations(em, { relation: 'looked_after', childId: c.id, subject: la, at: p.end });
        tuples.push({ relation: 'previously_looked_after', subject: la, childId: c.id, from: p.end });
      }
    }
  }
  await grantRelations(em, WRITER, tuples);
  return changed;
}
