import type { EntityManager } from '@mikro-orm/postgresql';
import { ChronologyDomain, ChronologyKind, type AccessControl, createDomainEventsLoader } from '@caregraph/kit';
import * as C from '@caregraph/schema';

/**
 * The education subgraph's part of a child's chronology (`Child.educationEvents`, which the children
 * subgraph calls with the page's bounds). Each event kind comes from one field of this subgraph, and appears only if the
 * principal may read that field: the decision is made here, where the data lives, under this subgraph's policy.
 */
export const EDUCATION_EVENT_SOURCES = {
  [ChronologyKind.SCHOOL_STARTED]: 'Child.schoolEnrolments',
  [ChronologyKind.SCHOOL_LEFT]: 'Child.schoolEnrolments',
  [ChronologyKind.EXCLUSION]: 'Child.exclusions',
  [ChronologyKind.EDUCATION_PLAN]: 'Child.personalEducationPlans',
  [ChronologyKind.SEN_PROVISION]: 'Child.senProvision',
  [ChronologyKind.EHCP_REQUESTED]: 'Child.ehcp',
  [ChronologyKind.EHCP_ISSUED]: 'Child.ehcp',
  [ChronologyKind.EHCP_REVIEWED]: 'Child.ehcp',
} as const satisfies Partial<Record<ChronologyKind, string>>;

export type EducationEventKind = keyof typeof EDUCATION_EVENT_SOURCES;

/** Code meanings, passed once per statement as jsonb (code -> meaning) so SQL writes the titles. */
const MEANINGS = {
  exclusion_category: C.EXCLUSION_CATEGORY,
  exclusion_reason: C.EXCLUSION_REASON,
  sen_provision: C.SEN_PROVISION,
  sen_need: C.SEN_NEED,
};

/**
 * One SELECT per kind, each giving (child_id, day, at, kind, item_type, item_id, title, body, extra), in that
 * order, for the children in `any(?::uuid[])` (the only placeholder). Schools are organisations, so their names may appear.
 */
const SQL: Record<EducationEventKind, string> = {
  SCHOOL_STARTED: `
    select en.child_id, en.start_date, null::timestamptz, 'SCHOOL_STARTED', 'SchoolEnrolment', en.id::text, 'Started at ' || s.name,
           case when en.nc_year = 0 then 'Joined in Reception' when en.nc_year is not null then 'Joined in Year ' || en.nc_year end, null::jsonb
      from "education"."school_enrolment" en join "education"."school" s on s.urn = en.urn
     where en.child_id = any(?::uuid[])`,
  SCHOOL_LEFT: `
    select en.child_id, en.end_date, null::timestamptz, 'SCHOOL_LEFT', 'SchoolEnrolment', en.id::text, 'Left ' || s.name, null, null::jsonb
      from "education"."school_enrolment" en join "education"."school" s on s.urn = en.urn
     where en.child_id = any(?::uuid[]) and en.end_date is not null`,
  EXCLUSION: `
    select x.child_id, x.start_date, null::timestamptz, 'EXCLUSION', 'Exclusion', x.id::text, m.exclusion_category ->> x.category,
           'Reason: ' || (m.exclusion_reason ->> x.reason) || coalesce(' (' || x.sessions || ' sessions)', ''), null::jsonb
      from "education"."exclusion" x cross join meaning m
     where x.child_id = any(?::uuid[])`,
  EDUCATION_PLAN: `
    select pep.child_id, pep.held_on, null::timestamptz, 'EDUCATION_PLAN', 'PersonalEducationPlan', pep.id::text, 'Personal education plan meeting', pep.targets, null::jsonb
      from "education"."personal_education_plan" pep
     where pep.child_id = any(?::uuid[])`,
  SEN_PROVISION: `
    select sp.child_id, sp.start_date, null::timestamptz, 'SEN_PROVISION', 'SenProvisionRecord', sp.id::text, 'SEN provision: ' || (m.sen_provision ->> sp.provision),
           'Primary need: ' || (m.sen_need ->> sp.primary_need) || coalesce('; secondary need: ' || (m.sen_need ->> sp.secondary_need), ''), null::jsonb
      from "education"."sen_provision" sp cross join meaning m
     where sp.child_id = any(?::uuid[])`,
  EHCP_REQUESTED: `
    select h.child_id, h.requested_on, null::timestamptz, 'EHCP_REQUESTED', 'Ehcp', h.id::text, 'Education, health and care needs assessment requested',
           case when h.assessed_on is not null then 'The local authority agreed to assess on ' || to_char(h.assessed_on, 'FMDD FMMonth YYYY') end, null::jsonb
      from "education"."ehcp" h
     where h.child_id = any(?::uuid[])`,
  EHCP_ISSUED: `
    select h.child_id, h.issued_on, null::timestamptz, 'EHCP_ISSUED', 'Ehcp', h.id::text, 'Education, health and care plan issued',
           case when h.issued_on <= h.requested_on + 140 then 'Issued within 20 weeks of the request' else 'Issued more than 20 weeks after the request' end, null::jsonb
      from "education"."ehcp" h
     where h.child_id = any(?::uuid[]) and h.issued_on is not null`,
  EHCP_REVIEWED: `
    select h.child_id, h.last_reviewed_on, null::timestamptz, 'EHCP_REVIEWED', 'Ehcp', h.id::text, 'Education, health and care plan reviewed', null, null::jsonb
      from "education"."ehcp" h
     where h.child_id = any(?::uuid[]) and h.last_reviewed_on is not null`,
};

const BRANCHES = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, () => sql])) as Record<EducationEventKind, () => string>;

/** One per request: see createDomainEventsLoader (kit). */
export function createChronologyLoader(em: EntityManager, access: AccessControl) {
  return createDomainEventsLoader(em, access, { domain: ChronologyDomain.EDUCATION, sources: EDUCATION_EVENT_SOURCES, branches: BRANCHES, meanings: MEANINGS });
}
