import type { EntityManager } from '@mikro-orm/postgresql';
import { ChronologyDomain, ChronologyKind, type AccessControl, createDomainEventsLoader } from '@caregraph/kit';
import * as C from '@caregraph/schema';

/**
 * The health subgraph's part of a child's chronology (`Child.healthEvents`, which the children subgraph
 * @requires). Each event kind comes from one field of this subgraph, and appears only if the principal may
 * read that field: the decision is made here, where the data lives, under this subgraph's policy.
 */
export const HEALTH_EVENT_SOURCES = {
  [ChronologyKind.HEALTH_ASSESSMENT]: 'Child.healthAssessments',
  [ChronologyKind.IMMUNISATION]: 'Child.immunisations',
  [ChronologyKind.DENTAL_CHECK]: 'Child.dentalChecks',
  [ChronologyKind.SDQ]: 'Child.sdqScores',
  [ChronologyKind.GP_REGISTRATION]: 'Child.gpRegistration',
} as const satisfies Partial<Record<ChronologyKind, string>>;

export type HealthEventKind = keyof typeof HEALTH_EVENT_SOURCES;

/** Code meanings, passed once per statement as jsonb (code -> meaning) so SQL writes the titles. */
const MEANINGS = {
  assessment_kind: C.HEALTH_ASSESSMENT_KIND,
  vaccine: C.VACCINE,
  sdq_reason: C.SDQ_REASON,
};

/**
 * One SELECT per kind, each giving (child_id, day, kind, item_type, item_id, title, body), in that order (the
 * CTE names the columns, so any branch may come first), for the children in `any(?::uuid[])` (the only
 * placeholder). Only completed assessments are events; every GP registration is one, on the day it began.
 */
const SQL: Record<HealthEventKind, string> = {
  HEALTH_ASSESSMENT: `
    select a.child_id, a.completed_on, 'HEALTH_ASSESSMENT', 'HealthAssessment', a.id, m.assessment_kind ->> a.kind, a.outcome
      from "health"."health_assessment" a cross join meaning m
     where a.child_id = any(?::uuid[]) and a.completed_on is not null`,
  IMMUNISATION: `
    select i.child_id, i.date_given, 'IMMUNISATION', 'Immunisation', i.id, 'Immunisation: ' || (m.vaccine ->> i.vaccine), null
      from "health"."immunisation" i cross join meaning m
     where i.child_id = any(?::uuid[])`,
  DENTAL_CHECK: `
    select d.child_id, d.checked_on, 'DENTAL_CHECK', 'DentalCheck', d.id, 'Dental check', null
      from "health"."dental_check" d
     where d.child_id = any(?::uuid[])`,
  SDQ: `
    select q.child_id, q.assessed_on, 'SDQ', 'SdqScore', q.id, 'Strengths and Difficulties Questionnaire',
           case when q.score is not null then 'Total difficulties score: ' || q.score || ' out of 40'
                else 'No score: ' || (m.sdq_reason ->> q.reason) end
      from "health"."sdq_score" q cross join meaning m
     where q.child_id = any(?::uuid[])`,
  GP_REGISTRATION: `
    select g.child_id, g.registered_from, 'GP_REGISTRATION', 'GpRegistration', g.id, 'Registered with GP: ' || g.practice_name, null
      from "health"."gp_registration" g
     where g.child_id = any(?::uuid[])`,
};

const BRANCHES = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, () => sql])) as Record<HealthEventKind, () => string>;

/** One per request: see createDomainEventsLoader (kit). */
export function createChronologyLoader(em: EntityManager, access: AccessControl) {
  return createDomainEventsLoader(em, access, { domain: ChronologyDomain.HEALTH, sources: HEALTH_EVENT_SOURCES, branches: BRANCHES, meanings: MEANINGS });
}
