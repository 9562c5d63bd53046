import { ArgsType, Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { BadUserInputError } from './errors.js';

/** Which subgraph a chronology event comes from. */
export enum ChronologyDomain {
  CHILDREN = 'CHILDREN',
  PLACEMENTS = 'PLACEMENTS',
  EDUCATION = 'EDUCATION',
  HEALTH = 'HEALTH',
}
registerEnumType(ChronologyDomain, { name: 'ChronologyDomain', description: 'The record domain (subgraph) an event comes from.' });

/** What happened. Filters (`categories`) use these. */
export enum ChronologyKind {
  ENTERED_CARE = 'ENTERED_CARE',
  LEFT_CARE = 'LEFT_CARE',
  LEGAL_STATUS_CHANGED = 'LEGAL_STATUS_CHANGED',
  SOCIAL_WORKER_CHANGED = 'SOCIAL_WORKER_CHANGED',
  IRO_CHANGED = 'IRO_CHANGED',
  PERSONAL_ADVISER_CHANGED = 'PERSONAL_ADVISER_CHANGED',
  PLACEMENT_STARTED = 'PLACEMENT_STARTED',
  PLACEMENT_ENDED = 'PLACEMENT_ENDED',
  MISSING = 'MISSING',
  SCHOOL_STARTED = 'SCHOOL_STARTED',
  SCHOOL_LEFT = 'SCHOOL_LEFT',
  EXCLUSION = 'EXCLUSION',
  EDUCATION_PLAN = 'EDUCATION_PLAN',
  SEN_PROVISION = 'SEN_PROVISION',
  EHCP_REQUESTED = 'EHCP_REQUESTED',
  EHCP_ISSUED = 'EHCP_ISSUED',
  EHCP_REVIEWED = 'EHCP_REVIEWED',
  HEALTH_ASSESSMENT = 'HEALTH_ASSESSMENT',
  HEALTH_ASSESSMENT_MISSED = 'HEALTH_ASSESSMENT_MISSED',
  IMMUNISATION = 'IMMUNISATION',
  DENTAL_CHECK = 'DENTAL_CHECK',
  SDQ = 'SDQ',
  GP_REGISTRATION = 'GP_REGISTRATION',
  DIAGNOSIS = 'DIAGNOSIS',
  MEDICATION_STARTED = 'MEDICATION_STARTED',
  MEDICATION_STOPPED = 'MEDICATION_STOPPED',
  CASE_NOTE = 'CASE_NOTE',
  VOICE_ENTRY = 'VOICE_ENTRY',
  CARE_LEAVER_CONTACT = 'CARE_LEAVER_CONTACT',
  PATHWAY_PLAN_REVIEW = 'PATHWAY_PLAN_REVIEW',
  ANNOTATION = 'ANNOTATION',
}
registerEnumType(ChronologyKind, {
  name: 'ChronologyKind',
  description: 'The kind of event in a child’s chronology.',
  valuesConfig: {
    SOCIAL_WORKER_CHANGED: { description: 'A social worker was allocated (a new one, or the same one again).' },
    IRO_CHANGED: { description: 'An independent reviewing officer was allocated.' },
    PERSONAL_ADVISER_CHANGED: { description: 'A personal adviser was allocated.' },
    HEALTH_ASSESSMENT_MISSED: { description: 'A statutory health assessment fell due and has not been done.' },
    DIAGNOSIS: { description: 'A health condition was diagnosed (readers of clinical detail).' },
    MEDICATION_STARTED: { description: 'A medication was started (readers of medication).' },
    MEDICATION_STOPPED: { description: 'A medication was stopped (readers of medication).' },
    CARE_LEAVER_CONTACT: { description: 'The latest contact between the leaving-care team and the care leaver.' },
    PATHWAY_PLAN_REVIEW: { description: 'The care leaver’s pathway plan was reviewed.' },
    ANNOTATION: { description: 'The care leaver’s own comment on, or correction of, an item of their record.' },
  },
});

/** What kind of content was withheld from a care leaver. */
export enum WithheldContent {
  ABOUT_FAMILY_MEMBER = 'ABOUT_FAMILY_MEMBER',
  ABOUT_OTHER_CHILD = 'ABOUT_OTHER_CHILD',
  ABOUT_FOSTER_FAMILY = 'ABOUT_FOSTER_FAMILY',
  ABOUT_OTHER_PERSON = 'ABOUT_OTHER_PERSON',
  HEALTH_OR_SAFETY = 'HEALTH_OR_SAFETY',
  COURT_PROCEEDINGS = 'COURT_PROCEEDINGS',
}
registerEnumType(WithheldContent, { name: 'WithheldContent', description: 'What kind of content was withheld.' });

/** The exemption under which it was withheld (UK GDPR / DPA 2018 Sch 3 Pt 3). */
export enum Exemption {
  THIRD_PARTY = 'THIRD_PARTY',
  SERIOUS_HARM = 'SERIOUS_HARM',
  COURT_MATERIAL = 'COURT_MATERIAL',
}
registerEnumType(Exemption, { name: 'Exemption', description: 'The exemption under which content was withheld.' });

@Directive('@shareable')
@ObjectType({ description: 'A part of an item withheld from the reader, and why, in words a portal can show.' })
export class Redaction {
  @Field(() => WithheldContent)
  content!: WithheldContent;

  @Field(() => Exemption)
  exemption!: Exemption;

  @Field({ description: 'A plain-English explanation for the reader.' })
  explanation!: string;
}

@Directive('@shareable')
@ObjectType({ description: 'One dated event in a child’s history, from the subgraph that owns the underlying item.' })
export class ChronologyEvent {
  @Field(() => ID, { description: 'Stable: domain, item type, item id and kind.' })
  id!: string;

  @Field(() => GraphQLLocalDate)
  date!: string;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it happened, where the record keeps the time (UTC); null when only the date is known.' })
  at?: Date | null;

  @Field(() => ChronologyKind)
  kind!: ChronologyKind;

  @Field(() => ChronologyDomain)
  domain!: ChronologyDomain;

  @Field({ description: 'What happened, in plain English.' })
  title!: string;

  @Field(() => String, { nullable: true })
  body?: string | null;

  @Field({ description: 'The GraphQL type of the underlying item (e.g. Placement, CaseNote).' })
  itemType!: string;

  @Field(() => ID, { description: 'The id of the underlying item.' })
  itemId!: string;

  @Field(() => [Redaction], { description: 'What was withheld from this event for this reader, and why (empty when nothing).' })
  redactions!: Redaction[];
}

/** The selection the children subgraph asks each other subgraph's events field for. */
export const CHRONOLOGY_EVENT_SELECTION = 'id date at kind domain title body itemType itemId redactions { content exemption explanation }';

/** Builds an event with a stable id. */
export function chronologyEvent(e: Omit<ChronologyEvent, 'id' | 'redactions'> & { redactions?: Redaction[] }): ChronologyEvent {
  return { ...e, id: `${e.domain}:${e.itemType}:${e.itemId}:${e.kind}`, redactions: e.redactions ?? [] };
}

/* ------------------------------------------------------------------------------------------------------------
 * The one order of a chronology, shared by every subgraph so that each can page its own part (keyset) and the
 * children subgraph can merge the parts exactly: date, then the same-day rank of the kind (coming into care
 * first, an ending before the next start, leaving care last), then the time where known (an event with a date
 * only comes before the timed events of its day), then the domain, then the event id.
 * ---------------------------------------------------------------------------------------------------------- */

const SAME_DAY: Partial<Record<ChronologyKind, number>> = {
  [ChronologyKind.ENTERED_CARE]: 10,
  [ChronologyKind.LEGAL_STATUS_CHANGED]: 20,
  [ChronologyKind.PLACEMENT_ENDED]: 30,
  [ChronologyKind.PLACEMENT_STARTED]: 40,
  [ChronologyKind.SCHOOL_LEFT]: 50,
  [ChronologyKind.SCHOOL_STARTED]: 60,
  [ChronologyKind.LEFT_CARE]: 90,
};
/** Two digits, so the rank sorts as text. */
export const sameDayRank = (kind: ChronologyKind): string => String(SAME_DAY[kind] ?? 70);
export const DOMAIN_ORDER = [ChronologyDomain.CHILDREN, ChronologyDomain.PLACEMENTS, ChronologyDomain.EDUCATION, ChronologyDomain.HEALTH] as const;

/** The event's position in the order: compared as a plain string (ASCII, the same as PostgreSQL's `collate "C"`). */
export function eventKey(e: Pick<ChronologyEvent, 'date' | 'kind' | 'domain' | 'id'> & { at?: Date | string | null }): string {
  const at = e.at == null ? '' : (typeof e.at === 'string' ? new Date(e.at) : e.at).toISOString().slice(11, 23);
  return `${e.date}|${sameDayRank(e.kind)}|${at}|${DOMAIN_ORDER.indexOf(e.domain)}|${e.id}`;
}

/** The same key in SQL, over a row with `day` (date), `at` (timestamptz or null), `kind`, `item_type`, `item_id`. */
export function eventKeySql(domain: ChronologyDomain, row = 'e'): string {
  const ranks = Object.entries(SAME_DAY).map(([kind, rank]) => `when '${kind}' then '${rank}'`).join(' ');
  return `to_char(${row}.day, 'YYYY-MM-DD') || '|' || (case ${row}.kind ${ranks} else '70' end) || '|'
    || coalesce(to_char(${row}.at at time zone 'UTC', 'HH24:MI:SS.MS'), '') || '|${DOMAIN_ORDER.indexOf(domain)}|${domain}:'
    || ${row}.item_type || ':' || ${row}.item_id || ':' || ${row}.kind`;
}

const KEY = /^\d{4}-\d{2}-\d{2}\|\d{2}\|(\d{2}:\d{2}:\d{2}\.\d{3})?\|[0-3]\|(CHILDREN|PLACEMENTS|EDUCATION|HEALTH):[A-Za-z]{1,40}:[A-Za-z0-9_-]{1,64}:[A-Z_]{1,40}$/;

/** Largest page of a chronology. */
export const MAX_CHRONOLOGY_PAGE = 200;

/** The bounds of one page of a chronology, validated: every subgraph pages its own part with the same ones. */
export interface ChronologyPage {
  from: string | null;
  to: string | null;
  kinds: ChronologyKind[] | null;
  /** The key after which the page starts (decoded from the cursor), or null for the first page. */
  after: string | null;
  first: number;
}

@ArgsType()
export class ChronologyArgs {
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Only events on or after this date.' })
  from?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Only events on or before this date.' })
  to?: string | null;

  @Field(() => [ChronologyKind], { nullable: true, description: 'Only events of these kinds (all when absent or empty).' })
  categories?: ChronologyKind[] | null;

  @Field(() => Int, { nullable: true, description: `How many events (default 50, at most ${MAX_CHRONOLOGY_PAGE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the event after which to start (an edge’s `cursor`, or `pageInfo.endCursor`).' })
  after?: string | null;
}

/** Validates a page's arguments; a bad value is BAD_USER_INPUT naming the argument. */
export function chronologyPage(args: ChronologyArgs, max = MAX_CHRONOLOGY_PAGE): ChronologyPage {
  const first = args.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > max) throw new BadUserInputError(`first must be between 1 and ${max}`, 'first');
  const from = args.from ?? null;
  const to = args.to ?? null;
  if (from && to && to < from) throw new BadUserInputError('to is before from', 'to');
  let after: string | null = null;
  if (args.after != null) {
    after = typeof args.after === 'string' && args.after.length <= 400 ? Buffer.from(args.after, 'base64url').toString('utf8') : '';
    if (!KEY.test(after)) throw new BadUserInputError('after is not a valid cursor', 'after');
  }
  const kinds = args.categories?.length ? [...new Set(args.categories)].sort() : null;
  return { from, to, kinds, after, first };
}

/**
 * The arguments of a subgraph's events field for one page of the chronology: one event more than the page, so
 * the merge knows whether a next page exists (an events field takes up to `MAX_CHRONOLOGY_PAGE + 1`).
 */
export function chronologyArgsOf(page: ChronologyPage): Record<string, unknown> {
  return {
    from: page.from,
    to: page.to,
    categories: page.kinds,
    first: page.first + 1,
    after: page.after == null ? null : Buffer.from(page.after, 'utf8').toString('base64url'),
  };
}
