import type { EntityManager } from '@mikro-orm/postgresql';
import { ChronologyDomain, ChronologyKind, type AccessControl, createDomainEventsLoader } from '@caregraph/kit';
import * as C from '@caregraph/schema';

/**
 * The health subgraph's part of a child's chronology (`Child.healthEvents`, which the children subgraph
 * calls with the page's bounds). Each event kind comes from one field of this subgraph, and appears only if the principal may
 * read that field: the decision is made here, where the data lives, under this subgraph's policy (diagnoses and
 * medication only for readers of clinical detail; a foster carer reads medication but not diagnoses).
 */
export const HEALTH_EVENT_SOURCES = {
  [ChronologyKind.HEALTH_ASSESSMENT]: 'Child.healthAssessments',
  [ChronologyKind.HEALTH_ASSESSMENT_MISSED]: 'Child.healthAssessments',
  [ChronologyKind.IMMUNISATION]: 'Child.immunisations',
  [ChronologyKind.DENTAL_CHECK]: 'Child.dentalChecks',
  [ChronologyKind.SDQ]: 'Child.sdqScores',
  [ChronologyKind.GP_REGISTRATION]: 'Child.gpRegistration',
  [ChronologyKind.DIAGNOSIS]: 'Child.healthConditions',
  [ChronologyKind.MEDICATION_STARTED]: 'Child.medications',
  [ChronologyKind.MEDICATION_STOPPED]: 'Child.medications',
} as const satisfies Partial<Record<ChronologyKind, string>>;

export type HealthEventKind = keyof typeof HEALTH_EVENT_SOURCES;

/** Code meanings, passed once per statement as jsonb (code -> meaning) so SQL writes the titles. */
const MEANINGS = {
  assessment_kind: C.HEALTH_ASSESSMENT_KIND,
  vaccine: C.VACCINE,
  sdq_reason: C.SDQ_REASON,
  condition_category: C.HEALTH_CONDITION_CATEGORY,
};

/**
 * One SELECT per kind, each giving (child_id, day, at, kind, item_type, item_id, title, body, extra), in that
 * order, for the children in `any(?::uuid[])` (the only placeholder). A completed assessment is an event on the
 * day it was done; one that fell due and is still not done is an event on the day it was due. Every GP
 * registration is one, on the day it began. A diagnosis without a date is not dated, so not an event.
 */
const SQL: Record<HealthEventKind, string> = {
  HEALTH_ASSESSMENT: `
    select a.child_id, a.completed_on, null::timestamptz, 'HEALTH_ASSESSMENT', 'HealthAssessment', a.id::text, m.assessment_kind ->> a.kind, a.outcome, null::jsonb
      from "health"."health_assessment" a cross join meaning m
     where a.child_id = any(?::uuid[]) and a.completed_on is not null`,
  HEALTH_ASSESSMENT_MISSED: `
    select a.child_id, a.due_on, null::timestamptz, 'HEALTH_ASSESSMENT_MISSED', 'HealthAssessment', a.id::text, 'Not done when due: ' || lower(m.assessment_kind ->> a.kind),
           'It was due on ' || to_char(a.due_on, 'FMDD FMMonth YYYY') || ' and has not been done.', null::jsonb
      from "health"."health_assessment" a cross join meaning m
     where a.child_id = any(?::uuid[]) and a.completed_on is null and a.due_on < current_date`,
  IMMUNISATION: `
    select i.child_id, i.date_given, null::timestamptz, 'IMMUNISATION', 'Immunisation', i.id::text, 'Immunisation: ' || (m.vaccine ->> i.vaccine), null, null::jsonb
      from "health"."immunisation" i cross join meaning m
     where i.child_id = any(?::uuid[])`,
  DENTAL_CHECK: `
    select d.child_id, d.checked_on, null::timestamptz, 'DENTAL_CHECK', 'DentalCheck', d.id::text, 'Dental check', null, null::jsonb
      from "health"."dental_check" d
     where d.child_id = any(?::uuid[])`,
  SDQ: `
    select q.child_id, q.assessed_on, null::timestamptz, 'SDQ', 'SdqScore', q.id::text, 'Strengths and Difficulties Questionnaire',
           case when q.score is not null then 'Total difficulties score: ' || q.score || ' out of 40'
                else 'No score: ' || (m.sdq_reason ->> q.reason) end, null::jsonb
      from "health"."sdq_score" q cross join meaning m
     where q.child_id = any(?::uuid[])`,
  GP_REGISTRATION: `
    select g.child_id, g.registered_from, null::timestamptz, 'GP_REGISTRATION', 'GpRegistration', g.id::text, 'Registered with GP: ' || g.practice_name, null, null::jsonb
      from "health"."gp_registration" g
     where g.child_id = any(?::uuid[])`,
  DIAGNOSIS: `
    select h.child_id, h.diagnosed_on, null::timestamptz, 'DIAGNOSIS', 'HealthCondition', h.id::text, 'Diagnosed: ' || h.description,
           (m.condition_category ->> h.category) || case when h.ongoing then '; ongoing' else '; since resolved' end, null::jsonb
      from "health"."health_condition" h cross join meaning m
     where h.child_id = any(?::uuid[]) and h.diagnosed_on is not null`,
  MEDICATION_STARTED: `
    select md.child_id, md.start_date, null::timestamptz, 'MEDICATION_STARTED', 'Medication', md.id::text, 'Started taking ' || md.name, 'Dose: ' || md.dose, null::jsonb
      from "health"."medication" md
     where md.child_id = any(?::uuid[])`,
  MEDICATION_STOPPED: `
    select md.child_id, md.end_date, null::timestamptz, 'MEDICATION_STOPPED', 'Medication', md.id::text, 'Stopped taking ' || md.name, null, null::jsonb
      from "health"."medication" md
     where md.child_id = any(?::uuid[]) and md.end_date is not null`,
};

const BRANCHES = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, () => sql])) as Record<HealthEventKind, () => string>;

/** One per request: see createDomainEventsLoader (kit). */
export function createChronologyLoader(em: EntityManager, access: AccessControl) {
  return createDomainEventsLoader(em, access, { domain: ChronologyDomain.HEALTH, sources: HEALTH_EVENT_SOURCES, branches: BRANCHES, meanings: MEANINGS });
}
