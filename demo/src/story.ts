import { addDays, addYears, daysBetween, Rng } from './rng.js';
import { CARERS, type Carer } from './people.js';

/** The day the demo world stands still: every generated date is on or before it, so runs are repeatable. */
export const DEMO_TODAY = '2026-10-01';

/** One stay with one carer; the last has no end while the child is still looked after. */
export interface StoryPlacement {
  start: string;
  end: string | null;
  carer: Carer;
}

/** A period under one SSDA903 legal status; the last is open while the child is looked after. */
export interface StoryLegalStatus {
  code: 'V2' | 'C1' | 'C2' | 'L2';
  start: string;
  end: string | null;
}

/**
 * The spine of one child's life in care, shared by the four subgraphs' seeders so their records agree
 * (a school move follows a placement move, health checks fall within the period of care). Each subgraph
 * draws its own detail from `rng(<its name>)`, so adding detail in one never changes another.
 */
export interface ChildStory {
  index: number;
  id: string;
  laChildId: string;
  sex: 'M' | 'F';
  dateOfBirth: string;
  careStart: string;
  /** null while looked after. */
  careEnd: string | null;
  careLeaver: boolean;
  /** The first few care leavers have long, rich histories, for the care-leaver walkthrough. */
  featured: boolean;
  placements: StoryPlacement[];
  /** Shared by the children subgraph (legal status history) and placements (the LS of each episode). */
  legalStatuses: StoryLegalStatus[];
  rng(stream: string): Rng;
}

/** Entry legal status, then the orders that usually follow: EPO (L2) to interim (C1) to full care order (C2). */
function legalStatuses(careStart: string, careEnd: string | null, featured: boolean, rng: Rng): StoryLegalStatus[] {
  const entry = featured ? 'C1' : rng.pick(['V2', 'V2', 'C1', 'C1', 'L2'] as const);
  const changes: [StoryLegalStatus['code'], string][] = [[entry, careStart]];
  let on = careStart;
  if (entry === 'L2') changes.push(['C1', (on = addDays(on, rng.int(3, 8)))]);
  if (entry !== 'V2') changes.push(['C2', (on = addDays(on, rng.int(40, 240)))]);
  const end = careEnd ?? DEMO_TODAY;
  const kept = changes.filter(([, start], i) => i === 0 || start < end);
  return kept.map(([code, start], i) => ({ code, start, end: kept[i + 1]?.[1] ?? careEnd }));
}

export function ageOn(dateOfBirth: string, on: string): number {
  return Math.floor(daysBetween(dateOfBirth, on) / 365.25);
}

export function story(index: number, seed = 1): ChildStory {
  const rng = Rng.for(seed, 'story', index);
  const featured = index < 4;
  const careLeaver = featured || rng.chance(0.25);
  const age = careLeaver ? rng.int(featured ? 19 : 18, featured ? 40 : 40) : rng.int(0, 17);
  const dateOfBirth = addDays(addYears(DEMO_TODAY, -age), -rng.int(1, 364));
  const eighteenth = addYears(dateOfBirth, 18);
  const entryAge = featured ? rng.int(2, 6) : rng.int(0, Math.min(age, 16));
  let careStart = addDays(addYears(dateOfBirth, entryAge), rng.int(0, 300));
  const latestStart = addDays(careLeaver ? eighteenth : DEMO_TODAY, -60);
  if (careStart > latestStart) careStart = latestStart;
  if (careStart < dateOfBirth) careStart = dateOfBirth;
  const careEnd = careLeaver ? eighteenth : null;
  const span = daysBetween(careStart, careEnd ?? DEMO_TODAY);
  const count = featured ? rng.int(8, 10) : Math.max(1, Math.min(8, Math.round(1 + rng.next() * rng.next() * 8)));
  const placementCount = Math.max(1, Math.min(count, Math.floor(span / 20)));
  const cuts = Array.from({ length: placementCount - 1 }, () => rng.int(10, span - 10)).sort((a, b) => a - b);
  const bounds = [0, ...new Set(cuts), span];
  const placements: StoryPlacement[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const last = i + 2 === bounds.length;
    placements.push({
      start: addDays(careStart, bounds[i]!),
      end: last ? careEnd : addDays(careStart, bounds[i + 1]!),
      carer: rng.pick(CARERS),
    });
  }
  return {
    index,
    id: rng.uuid(),
    laChildId: `LA${String(index + 1).padStart(7, '0')}`,
    sex: rng.chance(0.5) ? 'F' : 'M',
    dateOfBirth,
    careStart,
    careEnd,
    careLeaver,
    featured,
    placements,
    legalStatuses: legalStatuses(careStart, careEnd, featured, Rng.for(seed, 'legal-status', index)),
    rng: (stream) => Rng.for(seed, stream, index),
  };
}

/** Stories in batches, so 100,000 children never sit in memory at once. */
export function* storyBatches(count: number, batchSize = 1000, seed = 1): Generator<ChildStory[]> {
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    yield Array.from({ length: end - start }, (_, i) => story(start + i, seed));
  }
}
