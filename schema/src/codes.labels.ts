import * as C from './codes.js';
import * as P from './codes.placements.js';
import * as E from './codes.education.js';
import * as H from './codes.health.js';
import * as L from './codes.care-leaver.js';
import type { CodeList } from './codes.js';

/**
 * Every code list the schema exposes as an enum, by the enum's GraphQL name: each code (as GraphQL spells it)
 * and its label in plain English. `Query.codeLists` serves it to any principal, so a portal or dashboard can show
 * "Children's home" beside `K2` without introspection (switched off in production).
 */
export const CODE_LISTS: Readonly<Record<string, CodeList>> = {
  Sex: C.SEX,
  Ethnicity: C.ETHNICITY,
  UpnUnknownReason: C.UPN_UNKNOWN,
  LegalStatus: C.LEGAL_STATUS,
  CategoryOfNeed: C.CATEGORY_OF_NEED,
  ReasonNewEpisode: C.REASON_NEW_EPISODE,
  PlacementType: C.PLACEMENT_TYPE,
  PlacementProvider: C.PLACEMENT_PROVIDER,
  ReasonEpisodeCeased: C.REASON_EPISODE_CEASED,
  ReasonPlacementChange: C.REASON_PLACEMENT_CHANGE,
  MissingType: C.MISSING_TYPE,
  SenProvision: C.SEN_PROVISION,
  ExclusionCategory: C.EXCLUSION_CATEGORY,
  ExclusionReason: C.EXCLUSION_REASON,
  SdqReason: C.SDQ_REASON,
  HealthAssessmentKind: C.HEALTH_ASSESSMENT_KIND,
  InTouch: C.IN_TOUCH,
  AllocationRole: C.ALLOCATION_ROLE,
  Relationship: C.RELATIONSHIP,
  CaseNoteCategory: C.CASE_NOTE_CATEGORY,
  CarerKind: P.CARER_KIND,
  EnrolStatus: E.ENROL_STATUS,
  SchoolTerm: E.SCHOOL_TERM,
  SenNeed: E.SEN_NEED,
  HealthProfessionalRole: H.HEALTH_PROFESSIONAL_ROLE,
  Vaccine: H.VACCINE,
  HealthConditionCategory: H.HEALTH_CONDITION_CATEGORY,
  AllergySeverity: H.ALLERGY_SEVERITY,
  CareLeaverActivity: L.CARE_LEAVER_ACTIVITY,
  CareLeaverAccommodation: L.CARE_LEAVER_ACCOMMODATION,
};
