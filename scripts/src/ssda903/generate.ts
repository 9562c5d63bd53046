import { addDays, addYears, ageOn, story, type ChildStory } from '@caregraph/demo';
import { formatDate } from './dates.js';
import { FILE_COLUMNS, type FileKind } from './model.js';

/**
 * Writes SSDA903 returns (CSV and XML) from the demo life stories, for a collection year, optionally with
 * deliberate errors. Each error kind says, written by hand from the DfE rules, which rows it makes invalid
 * and with which code; the tests compare the importer's report with these expectations.
 */

export interface GenRow {
  kind: FileKind;
  child: string;
  values: Record<string, string>;
}

export interface Expected {
  kind: FileKind;
  /** Index of the row among the rows of its kind (0-based), to find its line in either form. */
  index: number;
  column: string;
  code: string;
}

export interface GeneratedReturn {
  yearEnd: string;
  rows: GenRow[];
  /** Deliberate errors: the rows they make invalid, with the code each must be reported with. */
  expected: Expected[];
  /** Children with a deliberate error (left out whole). */
  invalidChildren: Set<string>;
  csv: { name: string; text: string }[];
  xml: { name: string; text: string; lines: Map<GenRow, number> };
}

const ETHNIC = ['WBRI', 'WBRI', 'WBRI', 'WOTH', 'MWBC', 'BAFR', 'BCRB', 'APKN', 'AIND', 'CHNE', 'OOTH', 'WIRT'];
const CHANGE = ['CARPL', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'STAND', 'ALLEG', 'CLOSE', 'OTHER'];
const LEAVING = ['E17', 'E5', 'E6', 'E4A', 'E8', 'E13'];
const d = (iso: string | null) => (iso ? formatDate(iso) : '');

interface Ep { start: string; end: string | null; rne: string; ls: string; place: string; provider: string; urn: string; carer: string; rpc: string; rec: string }

/** A story's whole chain of episodes (a new one at every move and every legal status change). */
function chainOf(s: ChildStory): Ep[] {
  const moves = new Map(s.placements.map((p, i) => [p.start, i]));
  const statuses = new Map(s.legalStatuses.map((l) => [l.start, l.code as string]));
  const dates = [...new Set([...moves.keys(), ...statuses.keys()])].sort();
  const eps: Ep[] = [];
  let at = 0;
  let ls = statuses.get(s.careStart)!;
  const rng = s.rng('ssda903');
  for (const [k, date] of dates.entries()) {
    const before = at;
    at = moves.get(date) ?? at;
    const status = statuses.get(date) ?? ls;
    const p = s.placements[at]!;
    const moved = moves.has(date) && k > 0;
    const sameCarer = moved && s.placements[before]!.carer.id === p.carer.id;
    const rne = k === 0 ? 'S' : !moved ? 'L' : status !== ls ? (sameCarer ? 'U' : 'B') : sameCarer ? 'T' : 'P';
    ls = status;
    const residential = p.carer.kind === 'RESIDENTIAL';
    const n = Number(p.carer.id.replace(/\D/g, ''));
    const prevEp = eps.at(-1);
    // Same carer, a move: the placement type changes (short term to long term fostering).
    const place = residential ? 'K2' : rne === 'L' && prevEp ? prevEp.place : sameCarer ? 'U4' : rng.pick(['U4', 'U6', 'U6', 'U5']);
    eps.push({
      start: date, end: dates[k + 1] ?? s.careEnd, rne, ls: status, place, provider: residential ? 'PR4' : n % 2 ? 'PR1' : 'PR5',
      urn: residential ? `SC${400000 + n}` : `SC2000${10 + (n % 8)}`, carer: p.carer.id, rpc: '', rec: dates[k + 1] ? 'X1' : s.careEnd ? rng.pick(LEAVING) : '',
    });
  }
  eps.forEach((e, i) => {
    const next = eps[i + 1];
    if (next && next.rne !== 'L') e.rpc = rng.pick(CHANGE);
  });
  return eps;
}

export interface GenerateOptions {
  children: number;
  /** The year the collection ends in (a return covers 1 April of the year before to 31 March of this one). */
  year: number;
  /** Put deliberate errors in (every `errorEvery`-th child in the return gets one). */
  errors?: boolean;
  errorEvery?: number;
  seed?: number;
}

type Mutation = { name: string; apply(rows: GenRow[], child: string, kinds: Map<FileKind, GenRow[]>): Expected[] | null };
const idx = (kinds: Map<FileKind, GenRow[]>, row: GenRow) => kinds.get(row.kind)!.indexOf(row);

/** Each deliberate error: what it changes, and the expected outcome written by hand from the DfE rules. */
const MUTATIONS: Mutation[] = [
  { name: 'impossible date', apply: (rows, c, k) => one(rows, c, 'episodes', (r) => ((r.values.DECOM = '31/02/2024'), [exp(k, r, 'DECOM', 'INVALID_DATE')])) },
  { name: 'ISO date of birth', apply: (rows, c, k) => one(rows, c, 'header', (r) => ((r.values.DOB = r.values.DOB!.split('/').reverse().join('-')), [exp(k, r, 'DOB', 'INVALID_DATE')])) },
  { name: 'unknown legal status', apply: (rows, c, k) => one(rows, c, 'episodes', (r) => ((r.values.LS = 'C9'), [exp(k, r, 'LS', 'UNKNOWN_CODE')])) },
  { name: 'retired placement type', apply: (rows, c, k) => one(rows, c, 'episodes', (r) => ((r.values.PLACE = 'P2'), [exp(k, r, 'PLACE', 'RETIRED_CODE')])) },
  { name: 'URN for a placement with parents', apply: (rows, c, k) => one(rows, c, 'episodes', (r) => ((r.values.PLACE = 'P1'), (r.values.PLACE_PROVIDER = 'PR0'), [exp(k, r, 'URN', 'URN_NOT_ALLOWED')])) },
  { name: 'SDQ score over 40', apply: (rows, c, k) => one(rows, c, 'oc2', (r) => ((r.values.SDQ_SCORE = '45'), (r.values.SDQ_REASON = ''), [exp(k, r, 'SDQ_SCORE', 'INVALID_NUMBER')])) },
  { name: 'ethnicity missing', apply: (rows, c, k) => one(rows, c, 'header', (r) => ((r.values.ETHNIC = ''), [exp(k, r, 'ETHNIC', 'MISSING_VALUE')])) },
  { name: 'review date of birth differs', apply: (rows, c, k) => one(rows, c, 'reviews', (r) => ((r.values.DOB = '01/01/1990'), [exp(k, r, 'DOB', 'DOB_MISMATCH')])) },
  {
    name: 'reason ceased on the open episode',
    apply: (rows, c, k) => one(rows, c, 'episodes', (r) => (r.values.DEC === '' ? ((r.values.REC = 'E8'), [exp(k, r, 'REC', 'REC_WITHOUT_DEC')]) : null), true),
  },
  {
    name: 'a day lost between X1 and the next episode',
    apply: (rows, c, k) => {
      const eps = rows.filter((r) => r.kind === 'episodes' && r.child === c);
      const i = eps.findIndex((r, j) => j > 0 && eps[j - 1]!.values.REC === 'X1' && r.values.DEC !== r.values.DECOM && (r.values.DEC === '' || later(r.values.DEC!, r.values.DECOM!, 1)));
      if (i < 1) return null;
      const r = eps[i]!;
      r.values.DECOM = formatDate(addDays(iso(r.values.DECOM!), 1));
      // The previous episode says X1 but nothing starts that day; this one follows a gap but is not S.
      return [exp(k, eps[i - 1]!, 'REC', 'CHAIN_X1_WITHOUT_NEXT'), exp(k, r, 'RNE', 'CHAIN_GAP_NOT_S')];
    },
  },
  {
    name: 'an earlier episode left open',
    apply: (rows, c, k) => {
      const eps = rows.filter((r) => r.kind === 'episodes' && r.child === c);
      if (eps.length < 2) return null;
      const r = eps[0]!;
      r.values.DEC = '';
      r.values.REC = '';
      r.values.REASON_PLACE_CHANGE = '';
      return [exp(k, r, 'DEC', 'CHAIN_OPEN_NOT_LAST')];
    },
  },
  {
    name: 'RNE S after X1',
    apply: (rows, c, k) => {
      const eps = rows.filter((r) => r.kind === 'episodes' && r.child === c);
      const r = eps.find((_e, j) => j > 0 && eps[j - 1]!.values.REC === 'X1');
      return r ? ((r.values.RNE = 'S'), [exp(k, r, 'RNE', 'CHAIN_S_AFTER_X1')]) : null;
    },
  },
  { name: 'no fixed abode, suitable', apply: (rows, c, k) => one(rows, c, 'oc3', (r) => ((r.values.ACCOM = 'S1'), [exp(k, r, 'ACCOM', 'ACCOM_SUITABILITY')])) },
  { name: 'social worker id', apply: (rows, c, k) => one(rows, c, 'sw_episodes', (r) => ((r.values.SW_ID = 'AB' + r.values.SW_ID!.slice(2)), [exp(k, r, 'SW_ID', 'SW_ID_FORMAT')])) },
  {
    name: 'header twice',
    apply: (rows, c, k) => {
      const h = rows.find((r) => r.kind === 'header' && r.child === c)!;
      const copy = { kind: 'header' as const, child: c, values: { ...h.values } };
      rows.splice(rows.indexOf(h) + 1, 0, copy);
      k.get('header')!.splice(k.get('header')!.indexOf(h) + 1, 0, copy);
      return [exp(k, copy, 'CHILD', 'DUPLICATE_CHILD')];
    },
  },
];

const iso = (ddmmyyyy: string) => ddmmyyyy.split('/').reverse().join('-');
const later = (a: string, b: string, days: number) => iso(a) > addDays(iso(b), days);
const exp = (k: Map<FileKind, GenRow[]>, r: GenRow, column: string, code: string): Expected => ({ kind: r.kind, index: idx(k, r), column, code });
function one(rows: GenRow[], child: string, kind: FileKind, f: (r: GenRow) => Expected[] | null, last = false): Expected[] | null {
  const mine = rows.filter((r) => r.kind === kind && r.child === child);
  const r = last ? mine.at(-1) : mine[0];
  return r ? f(r) : null;
}

/** The return for one collection year: every demo child looked after at some time in the year. */
export function generateReturn(opts: GenerateOptions): GeneratedReturn {
  const yearEnd = `${opts.year}-03-31`;
  const yearStart = `${opts.year - 1}-04-01`;
  const rows: GenRow[] = [];
  for (let i = 0; i < opts.children; i++) {
    const s = story(i, opts.seed ?? 1);
    if (s.careStart > yearEnd) continue;
    const chain = chainOf(s);
    const inYear = chain.filter((e) => e.start <= yearEnd && (e.end == null || e.end >= yearStart));
    const leaverInYear = s.careLeaver && [17, 18, 19, 20, 21].some((a) => { const b = addYears(s.dateOfBirth, a); return b >= yearStart && b <= yearEnd; });
    if (inYear.length === 0 && !leaverInYear) continue;
    if (s.dateOfBirth > yearEnd) continue;
    const rng = s.rng('ssda903-header');
    const child = s.laChildId;
    const dob = d(s.dateOfBirth);
    const schoolAge = ageOn(s.dateOfBirth, yearEnd) >= 5;
    // A few older girls are mothers (MC_DOB their child's date of birth); a few children are UASC (DUC: 18th birthday).
    const mother = s.sex === 'F' && i % 11 === 2 && ageOn(s.dateOfBirth, yearEnd) >= 16;
    rows.push({ kind: 'header', child, values: {
      CHILD: child, SEX: s.sex, DOB: dob, ETHNIC: rng.pick(ETHNIC),
      UPN: schoolAge ? `${'ABCDEFGHJKLMNPQRTUVWXYZ'[i % 23]}${String(30_400_000_000 + i).slice(-11)}${i % 10}` : 'UN1',
      MOTHER: s.sex === 'F' && ageOn(s.dateOfBirth, yearEnd) >= 12 ? (mother ? '1' : '0') : '', MC_DOB: mother ? d(addYears(s.dateOfBirth, 16)) : '',
    } });
    if (i % 5 === 2) rows.push({ kind: 'uasc', child, values: { CHILD: child, SEX: s.sex, DOB: dob, DUC: d(addYears(s.dateOfBirth, 18)) } });
    for (const e of inYear) {
      // The return is the year's snapshot: an episode that ends after 31 March is still open in it.
      const open = e.end == null || e.end > yearEnd;
      rows.push({ kind: 'episodes', child, values: {
        CHILD: child, DECOM: d(e.start), RNE: e.rne, LS: e.ls, CIN: 'N1', PLACE: e.place, PLACE_PROVIDER: e.provider, DEC: open ? '' : d(e.end),
        REC: open ? '' : e.rec, REASON_PLACE_CHANGE: open ? '' : e.rpc, HOME_POST: 'SW1A 1AA', PL_POST: 'SE1 7PB', URN: e.urn,
      } });
    }
    if (inYear.length > 0) {
      const from = inYear[0]!.start > yearStart ? inYear[0]!.start : yearStart;
      for (let on = addDays(from, 20); on <= yearEnd && on <= (inYear.at(-1)!.end ?? yearEnd); on = addDays(on, 180)) {
        rows.push({ kind: 'reviews', child, values: { CHILD: child, DOB: dob, REVIEW: d(on), REVIEW_CODE: ageOn(s.dateOfBirth, on) < 4 ? 'PN0' : rng.pick(['PN1', 'PN1', 'PN5', 'PN6']) } });
      }
      if (rng.chance(0.15)) {
        const start = addDays(from, rng.int(1, 30));
        if (start < yearEnd) rows.push({ kind: 'missing', child, values: { CHILD: child, DOB: dob, MISSING: rng.pick(['M', 'A']), MIS_START: d(start), MIS_END: d(addDays(start, 2) > yearEnd ? yearEnd : addDays(start, 2)) } });
      }
      rows.push({ kind: 'sw_episodes', child, values: { CHILD: child, DOB: dob, SW_ID: `SW${100000 + (i % 40)}`, SW_DECOM: d(from), SW_DEC: '', SW_REASON: '' } });
    }
    // OC2: looked after continuously for 12 months at 31 March.
    const current = inYear.at(-1);
    if (current && (current.end == null || current.end > yearEnd) && s.careStart <= addYears(yearEnd, -1)) {
      const score = ageOn(s.dateOfBirth, yearEnd) >= 4 && ageOn(s.dateOfBirth, yearEnd) <= 16;
      rows.push({ kind: 'oc2', child, values: {
        CHILD: child, DOB: dob, SDQ_SCORE: score ? String(rng.int(0, 40)) : '', SDQ_REASON: score ? '' : 'SDQ1', CONVICTED: i % 19 === 4 ? '1' : '0', HEALTH_CHECK: '1',
        IMMUNISATIONS: rng.chance(0.8) ? '1' : '0', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0', INTERVENTION_RECEIVED: '', INTERVENTION_OFFERED: '',
      } });
    }
    rows.push({ kind: 'previous_permanence', child, values: i % 9 === 3
      ? { CHILD: child, DOB: dob, PREV_PERM: 'P2', LA_PERM: 'E09000002', DATE_PERM: `zz/zz/${s.careStart.slice(0, 4)}` }
      : { CHILD: child, DOB: dob, PREV_PERM: 'Z1', LA_PERM: '', DATE_PERM: '' } });
    // A few are placed for adoption during the year, with the decision and the match (AD1).
    if (i % 17 === 5 && inYear.length > 0 && ageOn(s.dateOfBirth, yearEnd) < 10 && ageOn(s.dateOfBirth, yearStart) >= 1) {
      const placed = addDays(inYear[0]!.start > yearStart ? inYear[0]!.start : yearStart, 10);
      if (placed <= yearEnd) {
        rows.push({ kind: 'placed_for_adoption', child, values: { CHILD: child, DOB: dob, DATE_PLACED: d(placed), DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' } });
        rows.push({ kind: 'ad1', child, values: { CHILD: child, DOB: dob, DATE_INT: d(addDays(placed, -120)), DATE_MATCH: d(addDays(placed, -20)), FOSTER_CARE: '0', NB_ADOPTR: '2', SEX_ADOPTR: 'MF', LS_ADOPTR: 'L12' } });
      }
    }
    if (leaverInYear) {
      rows.push({ kind: 'oc3', child, values: { CHILD: child, DOB: dob, IN_TOUCH: rng.pick(['YES', 'YES', 'NO', 'NREQ']), ACTIV: rng.pick(['F1', 'F2', 'F5', 'P5', 'G5']), ACCOM: rng.pick(['U1', 'Z1', 'E1', 'B1']) } });
    }
  }
  const kinds = new Map<FileKind, GenRow[]>(Object.keys(FILE_COLUMNS).map((k) => [k as FileKind, rows.filter((r) => r.kind === k)]));
  const expected: Expected[] = [];
  const invalidChildren = new Set<string>();
  if (opts.errors) {
    const ids = [...new Set(rows.map((r) => r.child))];
    let m = 0;
    for (let c = 0; c < ids.length; c += opts.errorEvery ?? 7) {
      // The next error kind this child can carry (a child without an OC3 row cannot get the OC3 error).
      for (let tries = 0; tries < MUTATIONS.length; tries++) {
        const got = MUTATIONS[m++ % MUTATIONS.length]!.apply(rows, ids[c]!, kinds);
        if (got) {
          expected.push(...got);
          invalidChildren.add(ids[c]!);
          break;
        }
      }
    }
  }
  return { yearEnd, rows, expected, invalidChildren, csv: toCsv(kinds), xml: toXml(rows, kinds) };
}

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function toCsv(kinds: Map<FileKind, GenRow[]>): { name: string; text: string }[] {
  return [...kinds].filter(([, rows]) => rows.length > 0).map(([kind, rows]) => ({
    name: `${kind}.csv`,
    text: [FILE_COLUMNS[kind].join(','), ...rows.map((r) => FILE_COLUMNS[kind].map((c) => csvField(r.values[c] ?? '')).join(','))].join('\n') + '\n',
  }));
}

const TAG: Record<string, string> = { CHILD: 'CHILDID', PLACE: 'PL' };
const BLOCK: Partial<Record<FileKind, string>> = {
  reviews: 'AREVIEW', missing: 'AMISSING', oc2: 'OC2', sw_episodes: 'SW_EPISODE', previous_permanence: 'PERMANENCE', placed_for_adoption: 'PLACED_FOR_ADOPTION', ad1: 'AD1',
};
const xmlText = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The XML form: one element per line, so every row's line is known. */
export function toXml(rows: GenRow[], kinds: Map<FileKind, GenRow[]>): { name: string; text: string; lines: Map<GenRow, number> } {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<EXPSSDA903>'];
  const lines = new Map<GenRow, number>();
  const leaf = (c: string, v: string) => (v === '' ? `<${TAG[c] ?? c} />` : `<${TAG[c] ?? c}>${xmlText(v)}</${TAG[c] ?? c}>`);
  const byChild = new Map<string, GenRow[]>();
  for (const r of rows) if (r.kind !== 'header') (byChild.get(r.child) ?? byChild.set(r.child, []).get(r.child)!).push(r);
  const seen = new Set<string>();
  for (const h of kinds.get('header')!) {
    const mine = byChild.get(h.child) ?? [];
    // A repeated header (a deliberate error) gets a CHILD element of its own, with the header alone.
    const first = !seen.has(h.child);
    seen.add(h.child);
    out.push('<CHILD>');
    lines.set(h, out.length + 1);
    out.push('<HEADER>');
    for (const c of FILE_COLUMNS.header) out.push(leaf(c, h.values[c] ?? ''));
    const uasc = first ? mine.find((r) => r.kind === 'uasc') : undefined;
    if (uasc) {
      lines.set(uasc, lines.get(h)!);
      out.push(leaf('DUC', uasc.values.DUC ?? ''));
    }
    const oc3 = first ? mine.find((r) => r.kind === 'oc3') : undefined;
    if (oc3) {
      lines.set(oc3, lines.get(h)!);
      for (const c of ['IN_TOUCH', 'ACTIV', 'ACCOM']) out.push(leaf(c, oc3.values[c] ?? ''));
    }
    for (const r of first ? mine : []) {
      const block = BLOCK[r.kind];
      if (!block) continue;
      lines.set(r, out.length + 1);
      out.push(`<${block}>`);
      for (const c of FILE_COLUMNS[r.kind]) if (c !== 'CHILD' && c !== 'DOB') out.push(leaf(c, r.values[c] ?? ''));
      out.push(`</${block}>`);
    }
    out.push('</HEADER>');
    for (const r of first ? mine.filter((x) => x.kind === 'episodes') : []) {
      lines.set(r, out.length + 1);
      out.push('<EPISODE>');
      for (const c of FILE_COLUMNS.episodes) if (c !== 'CHILD') out.push(leaf(c, r.values[c] ?? ''));
      out.push('</EPISODE>');
    }
    out.push('</CHILD>');
  }
  out.push('</EXPSSDA903>');
  return { name: 'ssda903.xml', text: out.join('\n') + '\n', lines };
}
