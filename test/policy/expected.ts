/**
 * The oracle: what each role must see, written by hand from ../shared/docs/policy.md ("Field groups per role",
 * "Row rules", "Chronology", "What a denied or redacted field looks like"). It deliberately imports nothing
 * from @caregraph/schema's policy (no GRANTS, allows, FIELD_GROUPS, ROW_RULES...): the end-to-end matrix
 * (test/e2e/policy-oracle.e2e.test.ts) compares the hub's HTTP answers with this table, and the mutation test
 * (test/mutations) proves that a change to the policy data is caught by it.
 *
 * Group names are the policy.md rows, spelled as identifiers. policy.md's table has 15 rows; the code splits
 * some of them and adds groups policy.md does not name (keys, professionals, chronology, ownRecord,
 * annotations, accessLog, the write groups, agreements). For those, the cell below is this table's reading of
 * policy.md's prose (scope table, "Chronology", "Audit", the DPO being read-only) and of the README; each such
 * cell says so in `NOT_IN_POLICY_MD`.
 */

export const ROLES = [
  'social_worker', 'team_manager', 'iro', 'virtual_school', 'designated_teacher', 'health_practitioner',
  'foster_carer', 'personal_adviser', 'partner_agency', 'care_leaver', 'analyst', 'dpo',
] as const;
export type Role = (typeof ROLES)[number];

export const GROUPS = [
  'keys', 'identity', 'identifiers', 'professionals', 'legalStatus', 'family', 'placements', 'placementAddresses', 'missing',
  'education', 'healthSummary', 'clinical', 'caseNotes', 'careLeaver', 'chronology', 'ownRecord', 'annotations', 'accessLog',
  'writeAnnotations', 'voice', 'writeVoice', 'auditTrail', 'agreements', 'writeRecords', 'writePlacements', 'writeEducation', 'writeHealth',
  'codeLists',
] as const;
export type Group = (typeof GROUPS)[number];

/** Groups (or cells) policy.md does not spell out; the reading taken here is explained next to each. */
export const NOT_IN_POLICY_MD: Partial<Record<Group, string>> = {
  keys: 'ids and paging: every role with a scope (all but analyst, who sees "no individual child")',
  professionals: 'allocated workers named in their official capacity ("Professionals’ names ... are not redacted"): every role that sees a child except the partner (not in any agreement group)',
  chronology: '"available to every role that may read at least one of its sources": the partner too while its agreement names placements/legal status/missing',
  ownRecord: '`me`: the care leaver only',
  codeLists: 'issue 11: the labels of the DfE codes (no personal data), "a codeLists query any principal can read": every role',
  annotations: 'the care leaver’s comments on their history: the care leaver (author), the DPO, and (README) the social worker and personal adviser',
  accessLog: '"who viewed my record": the care leaver; the DPO (full audit); AN aggregate (no field)',
  auditTrail: 'policy.md row "audit trail": SW own actions, TM team, DPO full (Query.accessEvents)',
  agreements: 'README: the DPO records and reads data-sharing agreements',
  writeRecords: 'writes are not in the table; README/schema: the allocated social worker and team manager; the DPO is read-only',
  writePlacements: 'as writeRecords',
  writeEducation: 'row rule "own school" (DT writes at its school) and the virtual school',
  writeHealth: 'the health practitioner',
  writeVoice: 'the child (care leaver) writes their own voice entries',
  writeAnnotations: 'the care leaver annotates their own history',
};

/** F full · R limited (only the coordinates listed) · S self · A aggregate only · P per agreement · C as the child chose · – none. */
export type Cell = { g: 'F' | 'S' | 'A' | 'P' | 'C' | '-' } | { g: 'R'; only: readonly string[]; note: string };
const F: Cell = { g: 'F' };
const S: Cell = { g: 'S' };
const A: Cell = { g: 'A' };
const P: Cell = { g: 'P' };
const C: Cell = { g: 'C' };
const N: Cell = { g: '-' };
const R = (note: string, ...only: string[]): Cell => ({ g: 'R', note, only });

// The "R" subsets, as coordinates of the hand-made list in oracle-fields.ts.
const UPN = R('UPN', 'Child.upn', 'Child.upnUnknownReason');
const NHS = R('NHS number', 'Child.nhsNumber');
const CURRENT_LEGAL = R('current', 'Child.currentLegalStatus', 'LegalStatusPeriod.*');
const CURRENT_PLACEMENT = R('current / their own', 'Query.placement', 'Query.carer', 'Child.currentPlacement', 'Child.inCare', 'Placement.*', 'Carer.*');
const CURRENT_ADDRESS = R('current / their own', 'Placement.addressLine', 'Placement.postcode');
const SCHOOL_NAME = R('school name', 'Child.currentSchool', 'SchoolEnrolment.id', 'SchoolEnrolment.school', 'School.name');
const SDQ = R('SDQ', 'Child.sdqScores', 'SdqScore.*');
const IN_TOUCH_ACTIVITY = R('in touch, activity', 'Child.careLeaverStatus', 'CareLeaverStatus.inTouch', 'CareLeaverStatus.activity');
const ALLERGIES_MEDICATION = R('allergies, medication', 'Child.allergies', 'Allergy.*', 'Child.medications', 'Medication.*');
const FAMILY_NAMES = R('names', 'Child.familyMembers', 'FamilyMember.id', 'FamilyMember.name', 'FamilyMember.relationship');
const OWN_ACTIONS = R('own actions (sub = self)', 'Query.accessEvents', 'AccessEvent.*');
const TEAM = R('team', 'Query.accessEvents', 'AccessEvent.*');

const none = Object.fromEntries(GROUPS.map((g) => [g, N])) as Record<Group, Cell>;
const row = (cells: Partial<Record<Group, Cell>>): Record<Group, Cell> => ({ ...none, codeLists: F, ...cells });

/** policy.md "Field groups per role", role by role. */
export const EXPECTED: Record<Role, Record<Group, Cell>> = {
  social_worker: row({
    keys: F, identity: F, identifiers: F, professionals: F, legalStatus: F, family: F, placements: F, placementAddresses: F, missing: F,
    education: F, healthSummary: F, caseNotes: F, careLeaver: F, chronology: F, voice: C, annotations: F, auditTrail: OWN_ACTIONS,
    writeRecords: F, writePlacements: F,
  }),
  team_manager: row({
    keys: F, identity: F, identifiers: F, professionals: F, legalStatus: F, family: F, placements: F, placementAddresses: F, missing: F,
    education: F, healthSummary: F, caseNotes: F, careLeaver: F, chronology: F, voice: C, auditTrail: TEAM, writeRecords: F, writePlacements: F,
  }),
  iro: row({
    keys: F, identity: F, identifiers: F, professionals: F, legalStatus: F, family: F, placements: F, placementAddresses: F, missing: F,
    education: F, healthSummary: F, caseNotes: F, careLeaver: F, chronology: F, voice: C,
  }),
  virtual_school: row({
    keys: F, identity: F, identifiers: UPN, professionals: F, legalStatus: F, placements: F, education: F, healthSummary: SDQ,
    careLeaver: IN_TOUCH_ACTIVITY, chronology: F, voice: C, writeEducation: F,
  }),
  designated_teacher: row({
    keys: F, identity: F, identifiers: UPN, professionals: F, education: F, chronology: F, voice: C, writeEducation: F,
  }),
  health_practitioner: row({
    keys: F, identity: F, identifiers: NHS, professionals: F, legalStatus: CURRENT_LEGAL, placements: CURRENT_PLACEMENT,
    placementAddresses: CURRENT_ADDRESS, education: SCHOOL_NAME, healthSummary: F, clinical: F, chronology: F, voice: C, writeHealth: F,
  }),
  foster_carer: row({
    keys: F, identity: F, professionals: F, legalStatus: CURRENT_LEGAL, placements: CURRENT_PLACEMENT, placementAddresses: CURRENT_ADDRESS,
    missing: F /* "R" with no subset named: the missing episodes of the child placed with them */, education: F, healthSummary: F,
    clinical: ALLERGIES_MEDICATION, chronology: F, voice: C,
  }),
  personal_adviser: row({
    keys: F, identity: F, identifiers: F, professionals: F, legalStatus: F, family: FAMILY_NAMES, placements: F, placementAddresses: F,
    missing: F, education: F, healthSummary: F, caseNotes: F /* rows: since 16 */, careLeaver: F, chronology: F, voice: C, annotations: F,
  }),
  partner_agency: row({
    keys: F, identity: P, identifiers: P, legalStatus: P, placements: P, missing: P, chronology: P,
  }),
  care_leaver: row({
    keys: F, identity: S, identifiers: S, professionals: S, legalStatus: S, family: S, placements: S, placementAddresses: S, missing: S,
    education: S, healthSummary: S, clinical: S, caseNotes: S, careLeaver: S, chronology: S, ownRecord: S, annotations: S, accessLog: S,
    writeAnnotations: S, voice: F, writeVoice: S,
  }),
  analyst: row({
    legalStatus: A, placements: A, missing: A, education: A, healthSummary: A, careLeaver: A, accessLog: A, auditTrail: A,
  }),
  dpo: row({
    keys: F, identity: F, identifiers: F, professionals: F, legalStatus: F, family: F, placements: F, placementAddresses: F, missing: F,
    education: F, healthSummary: F, clinical: F, caseNotes: F, careLeaver: F, chronology: F, voice: F, annotations: F, accessLog: F,
    auditTrail: F, agreements: F,
  }),
};

/** The groups a partner's agreement may name (schema: RecordDataSharingAgreementInput.fieldGroups). */
export const AGREEMENT_GROUPS: readonly Group[] = ['identity', 'identifiers', 'legalStatus', 'placements', 'missing'];

/** policy.md rows with no coordinate in the schema at all (nothing to observe): reported, not tested. */
export const POLICY_ROWS_WITHOUT_FIELDS = ['subject access requests (CL own, AN aggregate, DPO full): no field or mutation exists'];

const listed = (only: readonly string[], coordinate: string) => only.includes(coordinate) || only.includes(`${coordinate.split('.')[0]}.*`);

/**
 * May a principal of `role`, with the child in scope, read `coordinate` (labelled `group` in oracle-fields.ts)?
 * `agreementGroups` are the groups of the partner's valid agreement. 'A' (aggregate) never shows an individual child.
 */
export function expectVisible(role: Role, group: Group, coordinate: string, agreementGroups: readonly string[] = []): boolean {
  const cell = EXPECTED[role][group];
  switch (cell.g) {
    case 'F': case 'S': case 'C': return true;
    case 'R': return listed(cell.only, coordinate);
    case 'P':
      if (group === 'chronology') return agreementGroups.some((g) => CHRONOLOGY_SOURCES.includes(g as Group));
      if (group === 'keys') return true;
      return agreementGroups.includes(group);
    default: return false;
  }
}

/** Chronology (policy.md): an event kind only to a reader of its source. Kind -> source group. */
export const KIND_SOURCE: Record<string, Group> = {
  ENTERED_CARE: 'placements', LEFT_CARE: 'placements', PLACEMENT_STARTED: 'placements', PLACEMENT_ENDED: 'placements',
  LEGAL_STATUS_CHANGED: 'legalStatus', SOCIAL_WORKER_CHANGED: 'professionals', MISSING: 'missing',
  SCHOOL_STARTED: 'education', SCHOOL_LEFT: 'education', EXCLUSION: 'education', EDUCATION_PLAN: 'education', SEN_PROVISION: 'education',
  HEALTH_ASSESSMENT: 'healthSummary', IMMUNISATION: 'healthSummary', DENTAL_CHECK: 'healthSummary', SDQ: 'healthSummary', GP_REGISTRATION: 'healthSummary',
  CASE_NOTE: 'caseNotes', VOICE_ENTRY: 'voice',
  // Issue 11: every dated record a reader may read.
  IRO_CHANGED: 'professionals', PERSONAL_ADVISER_CHANGED: 'professionals',
  EHCP_REQUESTED: 'education', EHCP_ISSUED: 'education', EHCP_REVIEWED: 'education', HEALTH_ASSESSMENT_MISSED: 'healthSummary',
  DIAGNOSIS: 'clinical', MEDICATION_STARTED: 'clinical', MEDICATION_STOPPED: 'clinical',
  CARE_LEAVER_CONTACT: 'careLeaver', PATHWAY_PLAN_REVIEW: 'careLeaver', ANNOTATION: 'annotations',
};
const CHRONOLOGY_SOURCES: readonly Group[] = [...new Set(Object.values(KIND_SOURCE))];

/**
 * The event kinds a role may find in a child's chronology. A limited grant counts as a reader of its source
 * where the event is about what the subset shows (HP's school name: school start/leave; SDQ for the virtual
 * school; current placement/legal status: placement and legal-status events are accepted, not required).
 */
export function allowedKinds(role: Role, agreementGroups: readonly string[] = []): Set<string> {
  const out = new Set<string>();
  for (const [kind, source] of Object.entries(KIND_SOURCE)) {
    const cell = EXPECTED[role][source];
    if (cell.g === 'F' || cell.g === 'S' || cell.g === 'C') out.add(kind);
    else if (cell.g === 'P' && agreementGroups.includes(source)) out.add(kind);
    else if (cell.g === 'R') {
      if (source === 'healthSummary' && cell.note === 'SDQ') { if (kind === 'SDQ') out.add(kind); }
      else if (source === 'education' && cell.note === 'school name') { if (kind === 'SCHOOL_STARTED' || kind === 'SCHOOL_LEFT') out.add(kind); }
      else if (source === 'clinical' && cell.note === 'allergies, medication') { if (kind.startsWith('MEDICATION_')) out.add(kind); }
      else if (source === 'careLeaver' && cell.note === 'in touch, activity') { /* no dates of contacts or plans */ }
      else out.add(kind);
    }
  }
  return out;
}

/** Boundary cases of the row rules (policy.md "Row rules"), as the answer each must give. */
export const BOUNDARIES = {
  fosterCarerAfterPlacementEnded: 'child(id) -> null + FORBIDDEN at ["child"]; children list does not include it',
  personalAdviserBefore16: 'a case note dated the day before the 16th birthday is not in caseNotes nor in the chronology; one dated on the birthday is',
  partnerExpiredAgreement: 'child(id) of the cohort -> null + FORBIDDEN',
  partnerOtherAgency: 'token agency differs from the agreement agency -> null + FORBIDDEN',
  partnerNoAgency: 'token without agency -> null + FORBIDDEN',
  careLeaverOtherChild: 'another child’s id -> null + exactly one FORBIDDEN at ["child"], the same shape as an unknown id',
  redactionOverlap: 'a name and a sentence starting with that name both withheld: no part of either appears (body and chronology)',
  redactionRepeated: 'a withheld phrase is withheld at every occurrence',
  redactionTitle: 'a withheld phrase that also appears in the title is withheld there too; redactions say what and why',
  familyContact: 'care leaver: family members’ names shown, their addresses and dates of birth not',
  carers: 'carer(id): CL/partner/HP only households linked to a child in scope, a foster carer only itself; otherwise null (+FORBIDDEN)',
  designatedTeacherWrites: 'enrolment/exclusion at another school -> FORBIDDEN (nothing written); at its own school -> allowed',
  chronologyNoCrash: 'DT, HP, FC: chronology answers, no INTERNAL_SERVER_ERROR, only kinds from sources they may read',
  voiceAsChosen: 'a professional sees an entry only if the child named their role',
  auditTrailRows: 'accessEvents: a social worker only entries of its own actions, a team manager only its team’s',
} as const;
