import type { EntityManager } from '@mikro-orm/postgresql';
import { ChronologyDomain, ChronologyKind, createDomainEventsLoader, type AccessControl, type EventRow } from '@caregraph/kit';
import * as C from '@caregraph/schema';
import { shownNote, type WithheldSpan } from '../case-note/redaction.js';

/**
 * Each kind of event this subgraph contributes, and the field whose permission decides whether a reader sees it
 * (the most specific one: a virtual school reads a care leaver's status but not the dates of contacts).
 */
export const CHILDREN_EVENT_SOURCES = {
  [ChronologyKind.LEGAL_STATUS_CHANGED]: 'Child.legalStatuses',
  [ChronologyKind.SOCIAL_WORKER_CHANGED]: 'Child.allocations',
  [ChronologyKind.IRO_CHANGED]: 'Child.allocations',
  [ChronologyKind.PERSONAL_ADVISER_CHANGED]: 'Child.allocations',
  [ChronologyKind.CASE_NOTE]: 'Child.caseNotes',
  [ChronologyKind.MISSING]: 'Child.missingEpisodes',
  [ChronologyKind.VOICE_ENTRY]: 'Child.voiceEntries',
  [ChronologyKind.CARE_LEAVER_CONTACT]: 'CareLeaverStatus.latestContactOn',
  [ChronologyKind.PATHWAY_PLAN_REVIEW]: 'CareLeaverStatus.pathwayPlanReviewOn',
  [ChronologyKind.ANNOTATION]: 'Child.annotations',
} as const satisfies Partial<Record<ChronologyKind, string>>;

type ChildrenEventKind = keyof typeof CHILDREN_EVENT_SOURCES;

const MEANINGS = { legal_status: C.LEGAL_STATUS, missing_type: C.MISSING_TYPE, in_touch: C.IN_TOUCH };

/** An allocation: "new" the first time this worker holds this role for the child, "again" after that. */
const allocation = (kind: string, role: string, what: string) => `
    select a.child_id, a.start_date, null::timestamptz, '${kind}', 'Allocation', a.id::text,
           case when count(*) over (partition by a.child_id, a.role, a.worker_id order by a.start_date, a.id) > 1
                then '${what} again: ' else 'New ${what.toLowerCase()}: ' end || a.worker_name,
           case when a.end_date is not null then 'Until ' || to_char(a.end_date, 'FMDD FMMonth YYYY') end, null::jsonb
      from "children"."allocation" a
     where a.child_id = any(?::uuid[]) and a.role = '${role}'`;

/**
 * One SELECT per kind, each giving (child_id, day, at, kind, item_type, item_id, title, body, extra), in that
 * order, for the children in `any(?::uuid[])` (the only placeholder). `extra` carries what a row rule needs.
 */
const SQL: Record<ChildrenEventKind, string> = {
  LEGAL_STATUS_CHANGED: `
    select l.child_id, l.start_date, null::timestamptz, 'LEGAL_STATUS_CHANGED', 'LegalStatusPeriod', l.id::text, 'Legal status: ' || (m.legal_status ->> l.legal_status), null::text, null::jsonb
      from "children"."legal_status_period" l cross join meaning m
     where l.child_id = any(?::uuid[])`,
  SOCIAL_WORKER_CHANGED: allocation('SOCIAL_WORKER_CHANGED', 'SOCIAL_WORKER', 'Social worker'),
  IRO_CHANGED: allocation('IRO_CHANGED', 'IRO', 'Independent reviewing officer'),
  PERSONAL_ADVISER_CHANGED: allocation('PERSONAL_ADVISER_CHANGED', 'PERSONAL_ADVISER', 'Personal adviser'),
  CASE_NOTE: `
    select n.child_id, n.occurred_on, null::timestamptz, 'CASE_NOTE', 'CaseNote', n.id::text, n.title, n.body,
           jsonb_build_object('withheld', n.withheld, 'dateOfBirth', to_char(c.date_of_birth, 'YYYY-MM-DD'))
      from "children"."case_note" n join "children"."child" c on c.id = n.child_id
     where n.child_id = any(?::uuid[])`,
  MISSING: `
    select x.child_id, x.start_date, null::timestamptz, 'MISSING', 'MissingEpisode', x.id::text, m.missing_type ->> x.kind,
           case when x.end_date is not null then 'Back on ' || to_char(x.end_date, 'FMDD FMMonth YYYY') end, null::jsonb
      from "children"."missing_episode" x cross join meaning m
     where x.child_id = any(?::uuid[])`,
  VOICE_ENTRY: `
    select v.child_id, (v.created_at at time zone 'UTC')::date, v.created_at, 'VOICE_ENTRY', 'VoiceEntry', v.id::text, coalesce(v.title, 'In my own words'), v.text,
           jsonb_build_object('visibleTo', v.visible_to)
      from "children"."voice_entry" v
     where v.child_id = any(?::uuid[])`,
  CARE_LEAVER_CONTACT: `
    select s.child_id, s.latest_contact_on, null::timestamptz, 'CARE_LEAVER_CONTACT', 'CareLeaverStatus', s.child_id::text, 'Latest contact with the leaving-care team',
           m.in_touch ->> s.in_touch, null::jsonb
      from "children"."care_leaver_status" s cross join meaning m
     where s.child_id = any(?::uuid[])`,
  PATHWAY_PLAN_REVIEW: `
    select s.child_id, s.pathway_plan_review_on, null::timestamptz, 'PATHWAY_PLAN_REVIEW', 'CareLeaverStatus', s.child_id::text, 'Pathway plan reviewed', null, null::jsonb
      from "children"."care_leaver_status" s
     where s.child_id = any(?::uuid[])`,
  ANNOTATION: `
    select t.child_id, (t.created_at at time zone 'UTC')::date, t.created_at, 'ANNOTATION', 'Annotation', t.id::text,
           case when t.is_correction then 'Correction added by the care leaver' else 'Comment added by the care leaver' end, t.text, null::jsonb
      from "children"."annotation" t
     where t.child_id = any(?::uuid[])`,
};

const BRANCHES = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, () => sql])) as Record<ChildrenEventKind, () => string>;

/**
 * The row rules of this subgraph's events, through the kit's `AccessControl`: case notes since 16 where the
 * reader's grant says so, voice entries as the child chose, and every case note redacted for this reader before
 * it leaves the subgraph (the withheld text is never in any field of the event).
 */
function finish(access: AccessControl) {
  return (rows: EventRow[]): EventRow[] => {
    const notes = new Set(
      access.keepDated('Child.caseNotes', rows.filter((r) => r.kind === ChronologyKind.CASE_NOTE), (r) => ({ date: r.date, dateOfBirth: String(r.extra?.dateOfBirth) })),
    );
    return rows.flatMap((r) => {
      if (r.kind === ChronologyKind.VOICE_ENTRY) {
        return access.mayHear({ childId: r.child_id, visibleTo: (r.extra?.visibleTo as string[] | undefined) ?? [] }) ? [{ ...r, extra: null }] : [];
      }
      if (r.kind !== ChronologyKind.CASE_NOTE) return [r];
      if (!notes.has(r)) return [];
      const shown = shownNote(access, { title: r.title, body: r.body ?? '', withheld: (r.extra?.withheld as WithheldSpan[] | null) ?? [] });
      return [{ ...r, title: shown.title ?? 'Case note', body: shown.body, redactions: shown.redactions, extra: null }];
    });
  };
}

/** The children subgraph's own part of the chronology, one page at a time (kit: createDomainEventsLoader). */
export function createOwnEventsLoader(em: EntityManager, access: AccessControl) {
  return createDomainEventsLoader(em, access, {
    domain: ChronologyDomain.CHILDREN, sources: CHILDREN_EVENT_SOURCES, branches: BRANCHES, meanings: MEANINGS, finish: finish(access),
  });
}
