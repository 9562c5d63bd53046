import type { Episode903 } from './model.js';

type EpisodeLike = Omit<Episode903, 'file' | 'line'>;

/**
 * The hub's episodes of a child with a return's: matched by DECOM (the return's row wins), sorted by start.
 * A return is the picture at 31 March (`yearEnd`): an episode open in it that the hub knows ended after that
 * day (from a later return) keeps its end, so an earlier year imported again never reopens it.
 */
export function mergeEpisodes<T extends EpisodeLike>(before: T[], incoming: T[], yearEnd: string): T[] {
  const byStart = new Map(before.map((e) => [e.start, e]));
  for (const e of incoming) {
    const had = byStart.get(e.start);
    const endedLater = had && e.end == null && had.end != null && had.end > yearEnd;
    byStart.set(e.start, endedLater ? { ...e, end: had.end, rec: had.rec, reasonPlaceChange: had.reasonPlaceChange } : e);
  }
  return [...byStart.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** Legal status periods from a chain of episodes: a period per run of the same LS across continuous episodes. */
export function legalStatusPeriods(chain: EpisodeLike[]): { code: string; start: string; end: string | null }[] {
  const periods: { code: string; start: string; end: string | null }[] = [];
  chain.forEach((e, i) => {
    const prev = chain[i - 1];
    const last = periods.at(-1);
    if (prev && last && prev.end === e.start && last.code === e.ls) last.end = e.end;
    else periods.push({ code: e.ls, start: e.start, end: e.end });
  });
  return periods;
}
