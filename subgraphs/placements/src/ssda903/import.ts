import type { EntityManager } from '@mikro-orm/postgresql';
import { endRelations, grantRelations, rowsOf, upsertDated, upsertOne, type Changed, type RelationTuple } from '@caregraph/kit';
import { AdoptionDecision, PlacedForAdoption, PreviousPermanence } from './permanence.entity.js';
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

/** What a return says about a child's permanence and adoption (previous_permanence, placed_for_adoption, ad1). */
export interface Permanence903 {
  previousPermanence: { code: string; la: string | null; date: string | null } | null;
  placedForAdoption: { placed: string; ceased: string | null; reason: string | null }[];
  ad1: { interest: string | null; matched: string | null; fosterCare: boolean | null; adopters: number | null; sexAdopters: string | null; lsAdopters: string | null } | null;
}

export interface PlacementsImport903 extends Partial<Permanence903> {
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
  await writePermanence903(em, changed, children, ids);
  return changed;
}

/** Previous permanence, periods placed for adoption and the AD1 decision, as the return gives them. */
async function writePermanence903(em: EntityManager, changed: Changed, children: PlacementsImport903[], ids: string[]): Promise<void> {
  await upsertOne(em, changed, {
    table: '"placements"."previous_permanence"', entity: PreviousPermanence, ids,
    compare: [{ name: 'code', type: 'varchar' }, { name: 'local_authority', type: 'varchar' }, { name: 'date_text', type: 'varchar' }],
    rows: children.filter((c) => c.previousPermanence).map((c) => ({ childId: c.id, values: [c.previousPermanence!.code, c.previousPermanence!.la, c.previousPermanence!.date] })),
    build: (r) => ({ childId: r.childId, code: r.values[0], localAuthority: r.values[1], dateText: r.values[2] }),
  });
  await upsertDated(em, changed, {
    table: '"placements"."placed_for_adoption"', entity: PlacedForAdoption, dateColumn: 'placed_on', ids,
    compare: [{ name: 'ceased_on', type: 'date' }, { name: 'reason_ceased', type: 'varchar' }],
    rows: children.flatMap((c) => (c.placedForAdoption ?? []).map((p) => ({ childId: c.id, date: p.placed, values: [p.ceased, p.reason] }))),
    build: (r, id) => ({ id, childId: r.childId, placedOn: r.date, ceasedOn: r.values[0], reasonCeased: r.values[1] }),
  });
  await upsertOne(em, changed, {
    table: '"placements"."adoption_decision"', entity: AdoptionDecision, ids,
    compare: [
      { name: 'interest_on', type: 'date' }, { name: 'matched_on', type: 'date' }, { name: 'by_foster_carers', type: 'boolean' },
      { name: 'number_of_adopters', type: 'smallint' }, { name: 'sex_of_adopters', type: 'varchar' }, { name: 'legal_status_of_adopters', type: 'varchar' },
    ],
    rows: children.filter((c) => c.ad1).map((c) => ({ childId: c.id, values: [c.ad1!.interest, c.ad1!.matched, c.ad1!.fosterCare, c.ad1!.adopters, c.ad1!.sexAdopters, c.ad1!.lsAdopters] })),
    build: (r) => ({
      childId: r.childId, interestOn: r.values[0], matchedOn: r.values[1], byFosterCarers: r.values[2], numberOfAdopters: r.values[3], sexOfAdopters: r.values[4],
      legalStatusOfAdopters: r.values[5],
    }),
  });
}

/** Permanence and adoption data of these children, for the export (placed for adoption: periods overlapping `from`..`to`). */
export async function readPermanence903(em: EntityManager, ids: string[], from: string, to: string): Promise<Map<string, Permanence903>> {
  const out = new Map<string, Permanence903>();
  const at = (id: string) => out.get(id) ?? out.set(id, { previousPermanence: null, placedForAdoption: [], ad1: null }).get(id)!;
  for (const r of await rowsOf<{ child_id: string; code: string; local_authority: string | null; date_text: string | null }>(em,
    `select child_id, code, local_authority, date_text from "placements"."previous_permanence" where child_id = any(?::uuid[])`, ids)) {
    at(r.child_id).previousPermanence = { code: r.code, la: r.local_authority, date: r.date_text };
  }
  for (const r of await rowsOf<{ child_id: string; placed_on: string; ceased_on: string | null; reason_ceased: string | null }>(em,
    `select child_id, placed_on, ceased_on, reason_ceased from "placements"."placed_for_adoption" where child_id = any(?::uuid[])
        and placed_on <= '${to}' and (ceased_on is null or ceased_on >= '${from}') order by placed_on`, ids)) {
    at(r.child_id).placedForAdoption.push({ placed: r.placed_on, ceased: r.ceased_on, reason: r.reason_ceased });
  }
  for (const r of await rowsOf<Record<string, string | number | boolean | null> & { child_id: string }>(em,
    `select child_id, interest_on, matched_on, by_foster_carers, number_of_adopters, sex_of_adopters, legal_status_of_adopters from "placements"."adoption_decision" where child_id = any(?::uuid[])`, ids)) {
    at(r.child_id).ad1 = {
      interest: r.interest_on as string | null, matched: r.matched_on as string | null, fosterCare: r.by_foster_carers as boolean | null,
      adopters: r.number_of_adopters as number | null, sexAdopters: r.sex_of_adopters as string | null, lsAdopters: r.legal_status_of_adopters as string | null,
    };
  }
  return out;
}
