import { BadUserInputError, ForbiddenError } from '@caregraph/kit';
import type { Child } from './child.entity.js';
import { ChildOrder, type ChildFilter } from './child.inputs.js';
import { SCHEMA } from '../orm.js';

type Fragment = { sql: string; params: unknown[] };

/** A relationship tuple current now, the same tuples the scope rule reads (kept by the subgraph that owns each relation). */
const currentTuple = (relation: string) =>
  `exists (select 1 from "access"."relationship" f where f.child_id = c.id and f.relation = '${relation}' and f.subject = ? and f.valid_from <= now() and (f.valid_to is null or f.valid_to > now()))`;

/** The names a search matches: preferred, given and family, as one lower-case text. */
const NAMES = `lower(concat_ws(' ', c.preferred_name, c.legal_given_name, c.legal_family_name))`;

const UPN = /^[A-Z][0-9]{11}[0-9A-Z]$/;
const URN = /^[0-9]{6}$/;

/** NHS number: 10 digits, the last a modulus 11 check digit over the first nine (weights 10 to 2; 10 is never issued). */
export function isNhsNumber(value: string): boolean {
  if (!/^[0-9]{10}$/.test(value)) return false;
  const sum = [...value.slice(0, 9)].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(value[9]);
}

function bounded(value: string, field: string, min: number, max: number): string {
  const v = value.trim();
  if (v.length < min || v.length > max) throw new BadUserInputError(`filter.${field} must be ${min} to ${max} characters`, `filter.${field}`);
  return v;
}

/**
 * The field each filter and order reads: a reader may filter or sort only on what it may read, or the answer
 * (which children match, in what order, how many) would disclose a field its grant withholds.
 */
const READS: Record<keyof ChildFilter | ChildOrder, readonly string[]> = {
  careLeaver: ['Child.careLeaverStatus'],
  bornOnOrAfter: ['Child.dateOfBirth'],
  bornOnOrBefore: ['Child.dateOfBirth'],
  inCare: ['Child.inCare'],
  teamId: ['Child.allocations'],
  workerId: ['Child.allocations'],
  schoolUrn: ['Child.currentSchool'],
  legalStatus: ['Child.currentLegalStatus'],
  name: ['Child.legalGivenName', 'Child.legalFamilyName', 'Child.preferredName'],
  laChildId: ['Child.laChildId'],
  upn: ['Child.upn'],
  nhsNumber: ['Child.nhsNumber'],
  [ChildOrder.ID]: [],
  [ChildOrder.FAMILY_NAME]: ['Child.legalGivenName', 'Child.legalFamilyName'],
  [ChildOrder.DATE_OF_BIRTH]: ['Child.dateOfBirth'],
};

/** FORBIDDEN (the one shape of a denial) when a filter or the order reads a field `mayRead` refuses. */
export function requireReadable(filter: ChildFilter | null | undefined, order: ChildOrder | null | undefined, mayRead: (coordinate: string) => boolean): void {
  const used = [...Object.entries(filter ?? {}).filter(([, v]) => v != null).map(([k]) => k), order ?? ChildOrder.ID] as (keyof typeof READS)[];
  for (const key of used) {
    if (!(READS[key] ?? []).every(mayRead)) throw new ForbiddenError(`Not permitted to filter or sort on ${key}`);
  }
}

/**
 * The filters of `children` as WHERE fragments over the child `c`, each value checked first (a bad one is
 * BAD_USER_INPUT naming the field, never quoting it). They narrow the principal's scope, never widen it: the
 * scope fragment is always ANDed beside them.
 */
export function filterFragments(filter: ChildFilter | null | undefined, la: string): Fragment[] {
  if (!filter) return [];
  const out: Fragment[] = [];
  if (filter.bornOnOrAfter) out.push({ sql: 'c.date_of_birth >= ?', params: [filter.bornOnOrAfter] });
  if (filter.bornOnOrBefore) out.push({ sql: 'c.date_of_birth <= ?', params: [filter.bornOnOrBefore] });
  if (filter.careLeaver != null) {
    out.push({ sql: `${filter.careLeaver ? '' : 'not '}exists (select 1 from "${SCHEMA}".care_leaver_status cl where cl.child_id = c.id)`, params: [] });
  }
  if (filter.inCare != null) out.push({ sql: `${filter.inCare ? '' : 'not '}${currentTuple('looked_after')}`, params: [la] });
  if (filter.teamId != null) out.push({ sql: currentTuple('team'), params: [bounded(filter.teamId, 'teamId', 1, 200)] });
  if (filter.workerId != null) out.push({ sql: currentTuple('social_worker'), params: [bounded(filter.workerId, 'workerId', 1, 200)] });
  if (filter.schoolUrn != null) {
    if (!URN.test(filter.schoolUrn)) throw new BadUserInputError('filter.schoolUrn must be a 6-digit URN', 'filter.schoolUrn');
    out.push({ sql: currentTuple('on_roll'), params: [filter.schoolUrn] });
  }
  if (filter.legalStatus != null) {
    out.push({
      sql: `exists (select 1 from "${SCHEMA}".legal_status_period l where l.child_id = c.id and l.end_date is null and l.start_date <= current_date and l.legal_status = ?)`,
      params: [filter.legalStatus],
    });
  }
  if (filter.name != null) {
    // Trigram similarity over the whole name (a misspelt or partial name still matches: "Aaliya Brwn"), or every
    // word of the search sounding like (Double Metaphone) or close to a word of the name: names are spelt
    // differently from one agency to the next (Smith and Smyth, Jon and John, Mohamed and Mohammed).
    const name = bounded(filter.name, 'name', 2, 100).toLowerCase();
    out.push({
      sql: `(word_similarity(?, ${NAMES}) >= 0.45 or similarity(?, ${NAMES}) >= 0.3 or not exists (
        select 1 from regexp_split_to_table(?, '\\s+') q(w) where q.w <> '' and not exists (
          select 1 from regexp_split_to_table(${NAMES}, '\\s+') n(w) where dmetaphone(q.w) = dmetaphone(n.w) or similarity(q.w, n.w) >= 0.5)))`,
      params: [name, name, name],
    });
  }
  if (filter.laChildId != null) out.push({ sql: 'c.la_child_id = ?', params: [bounded(filter.laChildId, 'laChildId', 1, 50)] });
  if (filter.upn != null) {
    if (!UPN.test(filter.upn)) throw new BadUserInputError('filter.upn must be a 13-character unique pupil number', 'filter.upn');
    out.push({ sql: 'c.upn = ?', params: [filter.upn] });
  }
  if (filter.nhsNumber != null) {
    if (!isNhsNumber(filter.nhsNumber)) throw new BadUserInputError('filter.nhsNumber is not a valid NHS number', 'filter.nhsNumber');
    out.push({ sql: 'c.nhs_number = ?', params: [filter.nhsNumber] });
  }
  return out;
}

/** One order: its ORDER BY over the children aliased `t`, its keyset over `c`, and the cursor of a row. */
interface Order {
  by(t: string): string;
  after(key: unknown[]): Fragment;
  key(child: Child): unknown[];
  valid(key: unknown[]): boolean;
}

const isUuid = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);
const lower = (v: unknown) => String(v).toLowerCase();
const dateOf = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

const ORDERS: Record<ChildOrder, Order> = {
  [ChildOrder.ID]: {
    by: (t) => `${t}.id`,
    after: ([id]) => ({ sql: 'c.id > ?', params: [id] }),
    key: (child) => [child.id],
    valid: (k) => k.length === 1 && isUuid(k[0]),
  },
  [ChildOrder.FAMILY_NAME]: {
    by: (t) => `lower(${t}.legal_family_name), lower(${t}.legal_given_name), ${t}.id`,
    after: ([family, given, id]) => ({ sql: '(lower(c.legal_family_name), lower(c.legal_given_name), c.id) > (?, ?, ?::uuid)', params: [family, given, id] }),
    key: (child) => [lower(child.legalFamilyName), lower(child.legalGivenName), child.id],
    valid: (k) => k.length === 3 && typeof k[0] === 'string' && typeof k[1] === 'string' && isUuid(k[2]),
  },
  [ChildOrder.DATE_OF_BIRTH]: {
    by: (t) => `${t}.date_of_birth, ${t}.id`,
    after: ([dob, id]) => ({ sql: '(c.date_of_birth, c.id) > (?::date, ?::uuid)', params: [dob, id] }),
    key: (child) => [dateOf(child.dateOfBirth), child.id],
    valid: (k) => k.length === 2 && typeof k[0] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(k[0]) && isUuid(k[1]),
  },
};

/**
 * Cursors are opaque: the order's name and the row's keyset position. The ID order keeps its earlier form (the
 * bare id), so cursors clients already hold stay valid. A cursor of another order is refused.
 */
export function orderOf(order: ChildOrder | null | undefined, after: string | null | undefined) {
  const name = order ?? ChildOrder.ID;
  const o = ORDERS[name];
  let keyset: Fragment | undefined;
  if (after) {
    const text = Buffer.from(after, 'base64url').toString('utf8');
    let key: unknown[] | undefined;
    if (name === ChildOrder.ID) key = [text];
    else {
      try {
        const parsed = JSON.parse(text) as unknown;
        if (Array.isArray(parsed) && parsed[0] === name) key = parsed.slice(1);
      } catch {
        key = undefined;
      }
    }
    if (!key || !o.valid(key)) throw new BadUserInputError('after is not a valid cursor for this order', 'after');
    keyset = o.after(key);
  }
  /** The cursor's text before encoding (`toConnection` encodes it). */
  const keyOf = (child: Child) => (name === ChildOrder.ID ? child.id : JSON.stringify([name, ...o.key(child)]));
  return { by: (t: string) => o.by(t), keyset, keyOf };
}
