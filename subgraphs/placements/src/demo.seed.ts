import type { EntityManager } from '@mikro-orm/postgresql';
import { grantRelations, insertAll, type RelationTuple } from '@caregraph/kit';
import { addDays, address, CARERS, DEMO_LA, Rng, type Carer as DemoCarer, type ChildStory } from '@caregraph/demo';
import type {
  CategoryOfNeedCode, LegalStatusCode, PlacementProviderCode, PlacementTypeCode, ReasonEpisodeCeasedCode,
  ReasonNewEpisodeCode, ReasonPlacementChangeCode,
} from './codes.js';
import { Carer } from './carer/carer.entity.js';
import { Placement } from './placement/placement.entity.js';
import { Episode } from './episode/episode.entity.js';
import { isSameCarer, reasonNewEpisode } from './episode/episode.rules.js';
import { WRITER } from './scope.js';

// Mostly short-term (U6) and long-term (U4) fostering; fostering for adoption (U5) is rare.
const FOSTER_TYPES: PlacementTypeCode[] = ['U4', 'U4', 'U4', 'U6', 'U6', 'U6', 'U6', 'U6', 'U5'];
const CHANGE_REASONS: ReasonPlacementChangeCode[] = ['CARPL', 'CARPL', 'CARPL', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'STAND', 'ALLEG', 'CLOSE', 'OTHER'];
// Abuse or neglect is by far the most common category of need.
const CATEGORIES: CategoryOfNeedCode[] = ['N1', 'N1', 'N1', 'N1', 'N1', 'N1', 'N2', 'N3', 'N4', 'N4', 'N5', 'N5', 'N6', 'N7', 'N8'];
const LEAVING: Record<DemoCarer['kind'], ReasonEpisodeCeasedCode[]> = {
  FOSTER: ['E17', 'E17', 'E5', 'E5', 'E6', 'E4A', 'E8'],
  RESIDENTIAL: ['E5', 'E5', 'E5', 'E6', 'E4A', 'E8'],
};

interface Setting { provider: PlacementProviderCode; urn: string; line: string; postcode: string; approvedOn: string }

/** Fixed per carer, so every child placed with one carer gets the same provider, URN and address. */
function settingOf(carer: DemoCarer): Setting {
  const n = Number(carer.id.replace(/\D/g, ''));
  const rng = Rng.for('placements-carer', carer.id);
  const { line, postcode } = address(rng);
  // Before the earliest demo period of care (children are at most 41), so every placement follows approval.
  const approvedOn = addDays('1980-01-01', rng.int(0, 2000));
  if (carer.kind === 'RESIDENTIAL') return { provider: n % 3 === 0 ? 'PR1' : 'PR4', urn: `SC${400000 + n * 211}`, line, postcode, approvedOn };
  const provider: PlacementProviderCode = n % 4 === 0 ? 'PR4' : n % 4 === 1 ? 'PR5' : 'PR1';
  // Foster placements carry the URN of the fostering service: the LA's own or an independent agency's.
  return { provider, urn: provider === 'PR1' ? 'SC100001' : `SC2000${10 + (n % 8)}`, line, postcode, approvedOn };
}

const SETTINGS = new Map(CARERS.map((c) => [c.id, settingOf(c)]));
const CARER_ROWS = CARERS.map((c) => ({ id: c.id, name: c.name, kind: c.kind, approvedOn: SETTINGS.get(c.id)!.approvedOn }));

/** The story's legal status timeline, as the dates on which LS changes. */
function legalStatusChanges(s: ChildStory): Map<string, LegalStatusCode> {
  return new Map(s.legalStatuses.map((ls) => [ls.start, ls.code]));
}

/**
 * The scope tuples a story implies, over its whole history: each carer for the time of their placement, the
 * demo LA while the child is looked after, and previously looked after from the end of the period of care.
 */
function relationsOf(s: ChildStory): RelationTuple[] {
  const tuples: RelationTuple[] = s.placements.map((p) => ({ relation: 'carer', subject: p.carer.id, childId: s.id, from: p.start, to: p.end }));
  tuples.push({ relation: 'looked_after', subject: DEMO_LA, childId: s.id, from: s.careStart, to: s.careEnd });
  if (s.careEnd) tuples.push({ relation: 'previously_looked_after', subject: DEMO_LA, childId: s.id, from: s.careEnd });
  return tuples;
}

/**
 * Writes the placements subgraph's part of each story: one placement per story placement, and the SSDA903
 * episodes they chain into (a new episode at every move and legal status change, X1 between them, and the
 * period of care closed with a leaving-care REC when the story ends). The relationship tuples they imply go
 * into the shared access store with the same EntityManager, so in the seeding transaction.
 */
export async function seedDemo(em: EntityManager, stories: ChildStory[]): Promise<void> {
  // Global rows: every batch offers them, the first one in writes them (batches may run in any order).
  await em.createQueryBuilder(Carer).insert(CARER_ROWS).onConflict('id').ignore().execute();
  const placements = [], episodes = [], relations: RelationTuple[] = [];
  for (const s of stories) {
    const rng = s.rng('placements');
    const homePostcode = address(rng).postcode;
    const categoryOfNeed = rng.pick(CATEGORIES);
    const rows = s.placements.map((p, i) => {
      const setting = SETTINGS.get(p.carer.id)!;
      const next = s.placements[i + 1];
      const sameAsBefore = i > 0 && s.placements[i - 1]!.carer.id === p.carer.id;
      // Staying on with the same carer is a change of placement status (e.g. to long-term fostering).
      const placementType: PlacementTypeCode = p.carer.kind === 'RESIDENTIAL' ? 'K2' : sameAsBefore ? 'U4' : rng.pick(FOSTER_TYPES);
      const reasonForChange: ReasonPlacementChangeCode | null =
        next == null ? null : next.carer.id === p.carer.id ? 'PLACE' : rng.pick(CHANGE_REASONS);
      return {
        id: rng.uuid(), childId: s.id, placementType, provider: setting.provider, carer: p.carer.id, urn: setting.urn,
        addressLine: setting.line, postcode: setting.postcode, startDate: p.start, endDate: p.end, reasonForChange,
      };
    });
    placements.push(...rows);
    relations.push(...relationsOf(s));

    const moves = new Map(s.placements.map((p, i) => [p.start, i]));
    const statuses = legalStatusChanges(s);
    const dates = [...new Set([...moves.keys(), ...statuses.keys()])].sort();
    const leaving = rng.pick(LEAVING[s.placements.at(-1)!.carer.kind]);
    let at = 0;
    let legalStatus = statuses.get(s.careStart)!;
    for (const [k, date] of dates.entries()) {
      const before = at;
      at = moves.get(date) ?? at;
      const status = statuses.get(date) ?? legalStatus;
      const rne: ReasonNewEpisodeCode = k === 0 ? 'S' : reasonNewEpisode({
        placementChanged: moves.has(date),
        sameCarer: isSameCarer(s.placements[before]!.carer.id, s.placements[at]!.carer.id),
        legalStatusChanged: status !== legalStatus,
      });
      legalStatus = status;
      const next = dates[k + 1];
      const row = rows[at]!;
      episodes.push({
        id: rng.uuid(), childId: s.id, startDate: date, reasonNewEpisode: rne, legalStatus, categoryOfNeed,
        placementType: row.placementType, provider: row.provider, endDate: next ?? s.careEnd,
        reasonCeased: next ? 'X1' : s.careEnd ? leaving : null,
        reasonPlacementChange: next && moves.has(next) ? row.reasonForChange : null,
        homePostcode, placementPostcode: row.postcode, urn: row.urn, placement: row.id,
      });
    }
  }
  await insertAll(em, Placement, placements);
  await insertAll(em, Episode, episodes);
  await grantRelations(em, WRITER, relations);
}
