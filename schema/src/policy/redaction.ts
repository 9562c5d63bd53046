/**
 * Third-party redaction (policy.md, row rule "third-party redaction"): pure text functions, no I/O.
 * A marked span names a phrase; the phrase is withheld wherever it occurs, in every field given (a note's
 * title as well as its body), and overlapping or touching withheld ranges are merged into one mark, so no
 * part of any withheld phrase is ever shown.
 */

/** A span of a stored text marked as withheld when it was written (offsets into that text). */
export interface MarkedSpan<K = unknown> {
  start: number;
  end: number;
  /** What kind of content, and under which exemption: carried into the explanation. */
  kind: K;
}

export const WITHHELD_MARK = '[withheld]';

/** The phrases the spans mark, longest first, each once (an empty or out-of-range span marks nothing). */
export function markedPhrases<K>(text: string, spans: readonly MarkedSpan<K>[]): { phrase: string; kind: K }[] {
  const seen = new Map<string, K>();
  for (const s of spans) {
    const phrase = text.slice(Math.max(0, s.start), Math.max(0, s.end));
    if (phrase.trim().length > 0 && !seen.has(phrase)) seen.set(phrase, s.kind);
  }
  return [...seen].map(([phrase, kind]) => ({ phrase, kind })).sort((a, b) => b.phrase.length - a.phrase.length);
}

/** Every range of `text` covered by an occurrence of any phrase, merged where they overlap or touch. */
export function withheldRanges(text: string, phrases: readonly string[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const phrase of phrases) {
    if (phrase.length === 0) continue;
    for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) ranges.push([at, at + phrase.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** The text with every withheld range replaced by one mark. */
export function withhold(text: string, phrases: readonly string[]): { text: string; withheld: boolean } {
  const ranges = withheldRanges(text, phrases);
  if (ranges.length === 0) return { text, withheld: false };
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += text.slice(at, start) + WITHHELD_MARK;
    at = end;
  }
  return { text: out + text.slice(at), withheld: true };
}

/**
 * Redacts several fields of one item against the phrases marked in its source text: returns each field
 * redacted, and the kinds of what was withheld (each kind once, in the order first met).
 */
export function redactFields<K, F extends Record<string, string | null>>(
  fields: F,
  source: string,
  spans: readonly MarkedSpan<K>[],
): { fields: F; kinds: K[] } {
  const phrases = markedPhrases(source, spans);
  const out = { ...fields };
  const kinds: K[] = [];
  const seenKinds = new Set<string>();
  for (const key of Object.keys(fields) as (keyof F)[]) {
    const value = fields[key];
    if (value == null) continue;
    out[key] = withhold(value, phrases.map((p) => p.phrase)).text as F[keyof F];
  }
  // A kind is reported when any of its phrases was withheld somewhere.
  for (const { phrase, kind } of phrases) {
    const used = Object.values(fields).some((v) => v != null && v.includes(phrase));
    const id = JSON.stringify(kind);
    if (used && !seenKinds.has(id)) {
      seenKinds.add(id);
      kinds.push(kind);
    }
  }
  return { fields: out, kinds };
}
