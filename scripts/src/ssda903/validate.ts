import { CODES, NO_URN, RETIRED_PLACEMENT_TYPES, SHORT_BREAKS, TEMPORARY, YOUTH_JUSTICE } from './codes.js';
import { addYears, collectionYearEnd, parseDate } from './dates.js';
import { issue, type IssueCode } from './messages.js';
import type { ChildReturn, Episode903, Issue, RawRow, ReadReturn, ValidatedReturn } from './model.js';

const UPN = /^[A-Z]\d{11}[A-Z0-9]$/;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?( ?\d[A-Z]{2})?$/;
const URN = /^[A-Z0-9]{1,8}$/;
const PARTIAL_DATE = /^(\d{1,2}|zz)\/(\d{1,2}|zz)\/\d{4}$/i;
const DATE_COLUMNS = ['DECOM', 'DEC', 'REVIEW', 'MIS_START', 'MIS_END', 'SW_DECOM', 'SW_DEC', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'DATE_INT', 'DATE_MATCH'];

export interface ValidateOptions {
  /** The collection year's last day (YYYY-MM-DD); by default the one the latest date of the return falls in. */
  yearEnd?: string;
  /** Today (YYYY-MM-DD), for inferring the collection year; the caller's clock, so validation stays pure. */
  today?: string;
  /** LA ids of children already on the hub for this LA: rows of theirs need no header row. */
  knownChildren?: ReadonlySet<string>;
}

/** Checks one row's values; every problem is an issue on the row. Pure: no database, no clock. */
class RowCheck {
  ok = true;
  constructor(private readonly row: RawRow, private readonly out: Issue[], private readonly yearEnd: string) {}

  get child(): string | undefined {
    return this.row.values.CHILD || undefined;
  }

  fail(column: string, code: IssueCode): void {
    this.ok = false;
    this.out.push(issue(this.row.file, this.row.line, this.row.source?.[column] ?? column, code, this.child, this.row.element));
  }

  text(column: string): string {
    return this.row.values[column] ?? '';
  }

  required(column: string): string | null {
    const v = this.text(column);
    if (v === '') this.fail(column, 'MISSING_VALUE');
    return v === '' ? null : v;
  }

  date(column: string, need: boolean, notBefore?: string | null): string | null {
    const v = need ? this.required(column) : this.text(column) || null;
    if (v == null) return null;
    const d = parseDate(v);
    if (!d) this.fail(column, 'INVALID_DATE');
    else if (d > this.yearEnd && column !== 'DUC') this.fail(column, 'DATE_IN_FUTURE');
    else if (notBefore && d < notBefore) this.fail(column, column.endsWith('DEC') || column.endsWith('END') || column.endsWith('CEASED') ? 'END_BEFORE_START' : 'DATE_BEFORE_BIRTH');
    return d;
  }

  code(column: string, list: ReadonlySet<string>, need: boolean): string | null {
    const v = need ? this.required(column) : this.text(column) || null;
    if (v == null) return null;
    // Exactly as the DfE lists spell them: a lower-case code is not on the list.
    const c = v;
    if (!list.has(c)) this.fail(column, column === 'PLACE' && RETIRED_PLACEMENT_TYPES.has(c) ? 'RETIRED_CODE' : 'UNKNOWN_CODE');
    return c;
  }

  flag(column: string): boolean | null {
    const c = this.code(column, CODES.FLAG, false);
    return c == null ? null : c === '1';
  }

  format(column: string, pattern: RegExp): string | null {
    const v = this.text(column).toUpperCase() || null;
    if (v != null && !pattern.test(v)) this.fail(column, 'INVALID_FORMAT');
    return v;
  }
}

/**
 * The collection year of a return: the one its latest event date up to `today` falls in (a mistyped date in the
 * future must not move the year, or it would hide itself and others).
 */
export function inferYearEnd(rows: RawRow[], today: string): string | null {
  let latest: string | null = null;
  for (const r of rows) {
    for (const c of DATE_COLUMNS) {
      const d = r.values[c] ? parseDate(r.values[c]!) : null;
      if (d && d <= today && (!latest || d > latest)) latest = d;
    }
  }
  return latest && collectionYearEnd(latest);
}

function emptyChild(laChildId: string): ChildReturn {
  return {
    laChildId, header: null, episodes: [], reviews: [], missing: [], oc2: null, oc3: null, uasc: null, socialWorkers: [],
    previousPermanence: null, placedForAdoption: [], ad1: null, rows: [],
  };
}

/**
 * Validates a read return against the DfE rules the hub applies (codes, dates, chains; see messages.ts).
 * Every row is either part of a valid child or reported; a child with any issue is listed in `invalidChildren`.
 */
export function validateReturn(read: ReadReturn, opts: ValidateOptions = {}): ValidatedReturn {
  const issues: Issue[] = [...read.issues];
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const yearEnd = opts.yearEnd ?? inferYearEnd(read.rows, today) ?? collectionYearEnd(today);
  const children = new Map<string, ChildReturn>();
  const childOf = (id: string) => {
    let c = children.get(id);
    if (!c) children.set(id, (c = emptyChild(id)));
    return c;
  };
  const invalid = new Set<string>();
  const episodeRowsOk = new Map<string, boolean>();
  const onceSeen = new Set<string>();

  // The header first: the other files are checked against it (known child, same date of birth).
  const headers = read.rows.filter((r) => r.kind === 'header');
  for (const row of headers) {
    const c = new RowCheck(row, issues, yearEnd);
    const id = c.required('CHILD');
    if (id && id.length > 10) c.fail('CHILD', 'INVALID_FORMAT');
    if (id && children.get(id)?.header) {
      c.fail('CHILD', 'DUPLICATE_CHILD');
      invalid.add(id);
      continue;
    }
    const sex = c.code('SEX', CODES.SEX, true);
    const dob = c.date('DOB', true);
    const ethnicity = c.code('ETHNIC', CODES.ETHNIC, true);
    const upnText = c.text('UPN').toUpperCase();
    let upn: string | null = null;
    let upnUnknownReason: string | null = null;
    if (CODES.UPN_UNKNOWN.has(upnText)) upnUnknownReason = upnText;
    else if (upnText !== '') upn = c.format('UPN', UPN);
    const motherCode = c.code('MOTHER', CODES.FLAG, false);
    const mother = motherCode == null ? null : motherCode === '1';
    if (mother && (sex === 'M' || sex === '1')) c.fail('MOTHER', 'MOTHER_SEX');
    const mcDob = c.date('MC_DOB', false, dob);
    if (mother === true ? !mcDob && c.text('MC_DOB') === '' : c.text('MC_DOB') !== '') c.fail('MC_DOB', 'MC_DOB_REQUIRED');
    if (!id) continue;
    const child = childOf(id);
    child.rows.push({ file: row.file, line: row.line, element: row.element });
    if (!c.ok) invalid.add(id);
    child.header = {
      sex: sex === '1' ? 'M' : sex === '2' ? 'F' : ((sex ?? 'U') as 'M' | 'F' | 'U'),
      dateOfBirth: dob ?? '', ethnicity: ethnicity ?? '', upn, upnUnknownReason, mother, motherChildDob: mcDob,
    };
  }

  for (const row of read.rows) {
    if (row.kind === 'header') continue;
    const c = new RowCheck(row, issues, yearEnd);
    const id = c.required('CHILD');
    if (!id) continue;
    const child = childOf(id);
    child.rows.push({ file: row.file, line: row.line, element: row.element });
    const header = child.header;
    if (!header && !opts.knownChildren?.has(id)) c.fail('CHILD', 'UNKNOWN_CHILD');
    const dob = header?.dateOfBirth || null;
    if (row.kind !== 'episodes' && c.text('DOB') !== '') {
      const given = c.date('DOB', false);
      if (given && dob && given !== dob) c.fail('DOB', 'DOB_MISMATCH');
    }
    const once = (kind: string) => {
      if (onceSeen.has(`${kind}:${id}`)) c.fail('CHILD', 'DUPLICATE_CHILD');
      onceSeen.add(`${kind}:${id}`);
    };
    switch (row.kind) {
      case 'episodes': {
        const start = c.date('DECOM', true, dob);
        const rne = c.code('RNE', CODES.RNE, true);
        const ls = c.code('LS', CODES.LS, true);
        const cin = c.code('CIN', CODES.CIN, true);
        const place = c.code('PLACE', CODES.PLACE, true);
        const provider = c.code('PLACE_PROVIDER', CODES.PLACE_PROVIDER, true);
        const end = c.date('DEC', false, start);
        const rec = c.code('REC', CODES.REC, end != null);
        if (end == null && c.text('DEC') === '' && c.text('REC') !== '') c.fail('REC', 'REC_WITHOUT_DEC');
        const rpc = c.code('REASON_PLACE_CHANGE', CODES.REASON_PLACE_CHANGE, false);
        const homePostcode = c.format('HOME_POST', POSTCODE);
        const placementPostcode = c.format('PL_POST', POSTCODE);
        const urn = c.format('URN', URN);
        if (urn && place && NO_URN.has(place)) c.fail('URN', 'URN_NOT_ALLOWED');
        if (ls && YOUTH_JUSTICE.has(ls) && dob && start && start < addYears(dob, 10)) c.fail('LS', 'LS_UNDER_10');
        episodeRowsOk.set(id, (episodeRowsOk.get(id) ?? true) && c.ok);
        if (c.ok) {
          child.episodes.push({
            file: row.file, line: row.line, element: row.element, start: start!, rne: rne!, ls: ls!, cin: cin!, place: place!, provider: provider!, end, rec,
            reasonPlaceChange: rpc, homePostcode, placementPostcode, urn,
          });
        }
        break;
      }
      case 'reviews': {
        const date = c.date('REVIEW', true, dob);
        const code = c.code('REVIEW_CODE', CODES.REVIEW_CODE, true);
        if (c.ok) child.reviews.push({ date: date!, code: code! });
        break;
      }
      case 'missing': {
        const kind = c.code('MISSING', CODES.MISSING, true);
        const start = c.date('MIS_START', true, dob);
        const end = c.date('MIS_END', false, start);
        if (start && child.missing.some((m) => m.start === start)) c.fail('MIS_START', 'DUPLICATE_ROW');
        if (c.ok) child.missing.push({ kind: kind as 'M' | 'A', start: start!, end });
        break;
      }
      case 'uasc': {
        once('uasc');
        const dateCeased = c.date('DUC', true);
        if (c.ok) child.uasc = { dateCeased };
        break;
      }
      case 'oc2': {
        once('oc2');
        const scoreText = c.text('SDQ_SCORE');
        let sdqScore: number | null = null;
        if (scoreText !== '') {
          if (!/^\d{1,2}$/.test(scoreText) || Number(scoreText) > 40) c.fail('SDQ_SCORE', 'INVALID_NUMBER');
          else sdqScore = Number(scoreText);
        }
        const sdqReason = c.code('SDQ_REASON', CODES.SDQ_REASON, false);
        if (scoreText !== '' && sdqReason) c.fail('SDQ_REASON', 'SDQ_SCORE_AND_REASON');
        const oc2 = {
          sdqScore, sdqReason, convicted: c.flag('CONVICTED'), healthCheck: c.flag('HEALTH_CHECK'), immunisations: c.flag('IMMUNISATIONS'),
          teethCheck: c.flag('TEETH_CHECK'), healthAssessment: c.flag('HEALTH_ASSESSMENT'), substanceMisuse: c.flag('SUBSTANCE_MISUSE'),
          interventionReceived: c.flag('INTERVENTION_RECEIVED'), interventionOffered: c.flag('INTERVENTION_OFFERED'),
        };
        if (c.ok) child.oc2 = oc2;
        break;
      }
      case 'oc3': {
        once('oc3');
        const inTouch = c.code('IN_TOUCH', CODES.IN_TOUCH, true);
        const activity = c.code('ACTIV', CODES.ACTIV, false);
        const accommodation = c.text('ACCOM').toUpperCase() || null;
        if (accommodation && accommodation !== '0') {
          if (!/^[A-Z][12]$/.test(accommodation) || !CODES.ACCOM_LETTER.has(accommodation[0]!)) c.fail('ACCOM', 'UNKNOWN_CODE');
          else if ((accommodation[0] === 'S' || accommodation[0] === 'X') && accommodation[1] === '1') c.fail('ACCOM', 'ACCOM_SUITABILITY');
        }
        if (c.ok) child.oc3 = { inTouch: inTouch!, activity, accommodation };
        break;
      }
      case 'sw_episodes': {
        const swId = c.required('SW_ID')?.toUpperCase() ?? null;
        if (swId && !/^(SW|XX)[A-Z0-9]{1,30}$/.test(swId)) c.fail('SW_ID', 'SW_ID_FORMAT');
        const start = c.date('SW_DECOM', true, dob);
        const end = c.date('SW_DEC', false, start);
        const reason = c.code('SW_REASON', CODES.SW_REASON, false);
        if (start && child.socialWorkers.some((w) => w.start === start)) c.fail('SW_DECOM', 'DUPLICATE_ROW');
        if (c.ok) child.socialWorkers.push({ swId: swId!, start: start!, end, reason });
        break;
      }
      case 'previous_permanence': {
        once('previous_permanence');
        const code = c.code('PREV_PERM', CODES.PREV_PERM, true);
        const la = c.text('LA_PERM') || null;
        const dateText = c.text('DATE_PERM');
        if (dateText !== '' && !parseDate(dateText) && !PARTIAL_DATE.test(dateText)) c.fail('DATE_PERM', 'INVALID_DATE');
        if (c.ok) child.previousPermanence = { code: code!, la, date: dateText || null };
        break;
      }
      case 'placed_for_adoption': {
        const placed = c.date('DATE_PLACED', true, dob);
        const ceased = c.date('DATE_PLACED_CEASED', false, placed);
        const reason = c.code('REASON_PLACED_CEASED', CODES.REASON_PLACED_CEASED, false);
        if (placed && child.placedForAdoption.some((p) => p.placed === placed)) c.fail('DATE_PLACED', 'DUPLICATE_ROW');
        if (c.ok) child.placedForAdoption.push({ placed: placed!, ceased, reason });
        break;
      }
      case 'ad1': {
        once('ad1');
        const interest = c.date('DATE_INT', false, dob);
        const matched = c.date('DATE_MATCH', false, dob);
        const fosterCare = c.flag('FOSTER_CARE');
        const nb = c.text('NB_ADOPTR');
        if (nb !== '' && nb !== '1' && nb !== '2') c.fail('NB_ADOPTR', 'UNKNOWN_CODE');
        const sexAdopters = c.code('SEX_ADOPTR', CODES.SEX_ADOPTR, false);
        const lsAdopters = c.code('LS_ADOPTR', CODES.LS_ADOPTR, false);
        if (c.ok) child.ad1 = { interest, matched, fosterCare, adopters: nb === '' ? null : Number(nb), sexAdopters, lsAdopters };
        break;
      }
    }
    if (!c.ok) invalid.add(id);
  }

  for (const child of children.values()) {
    child.episodes.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    // Chains are judged only when every episode row of the child was readable, so one typo gives one issue.
    if (episodeRowsOk.get(child.laChildId) !== false) {
      const chainIssues = checkChain(child.episodes, child.laChildId);
      if (chainIssues.length > 0) invalid.add(child.laChildId);
      issues.push(...chainIssues);
    }
    const h = child.header;
    if (h && !h.upn && !h.upnUnknownReason) {
      const shortBreaksOnly = child.episodes.length > 0 && child.episodes.every((e) => SHORT_BREAKS.has(e.ls));
      const headerRow = child.rows[0]!;
      if (!shortBreaksOnly) {
        issues.push(issue(headerRow.file, headerRow.line, 'UPN', 'UPN_REQUIRED', child.laChildId, headerRow.element));
        invalid.add(child.laChildId);
      }
    }
  }
  for (const i of issues) if (i.child) invalid.add(i.child);
  return { format: read.format, yearEnd, children: [...children.values()], issues, invalidChildren: invalid, rowsRead: read.rows.length };
}

const samePlacement = (a: Episode903, b: Episode903) =>
  a.place === b.place && a.provider === b.provider && a.placementPostcode === b.placementPostcode && a.urn === b.urn;

/**
 * One child's episodes, sorted by start: continuity (X1 = the next starts the day this one ends), one open
 * episode (the latest), RNE consistent with what changed, and no reason for placement change where none applies.
 */
export function checkChain(episodes: Episode903[], child: string): Issue[] {
  const out: Issue[] = [];
  const fail = (e: Episode903, column: string, code: IssueCode) => out.push(issue(e.file, e.line, e.element ? (column === 'PLACE' ? 'PL' : column) : column, code, child, e.element));
  for (let i = 0; i < episodes.length; i++) {
    const e = episodes[i]!;
    const prev = episodes[i - 1];
    const next = episodes[i + 1];
    if (prev) {
      if (prev.start === e.start) fail(e, 'DECOM', 'CHAIN_DUPLICATE_START');
      else if (prev.end == null) fail(prev, 'DEC', 'CHAIN_OPEN_NOT_LAST');
      else if (e.start < prev.end) fail(e, 'DECOM', 'CHAIN_OVERLAP');
      else if (e.start === prev.end) {
        if (e.rne === 'S') fail(e, 'RNE', 'CHAIN_S_AFTER_X1');
        else if (e.rne === 'L') {
          if (!samePlacement(prev, e)) fail(e, 'RNE', 'CHAIN_RNE_L_CHANGED_PLACE');
          else if (prev.ls === e.ls) fail(e, 'RNE', 'CHAIN_RNE_L_SAME_LS');
        }
      } else if (e.rne !== 'S') fail(e, 'RNE', 'CHAIN_GAP_NOT_S');
    }
    const continues = next != null && e.end != null && next.start === e.end;
    if (e.rec === 'X1' && !continues && !(next && next.start === e.start)) fail(e, 'REC', 'CHAIN_X1_WITHOUT_NEXT');
    if (continues && e.rec != null && e.rec !== 'X1') fail(e, 'REC', 'CHAIN_NEXT_WITHOUT_X1');
    if (e.reasonPlaceChange) {
      const placementChanges = continues && next.rne !== 'L' && next.rne !== 'S';
      if (!placementChanges || TEMPORARY.has(e.place) || TEMPORARY.has(next.place)) fail(e, 'REASON_PLACE_CHANGE', 'RPC_NOT_ALLOWED');
    }
  }
  return out;
}
