import type { Group } from './expected.js';

/**
 * A hand-made list of which schema fields belong to which policy.md group (read from schema/supergraph.graphql
 * and policy.md's field-group table; not taken from schema/src/policy/field-groups.ts). Each probe is one
 * field selected under `child(id)`; nested probes are checked wherever their parent is non-null.
 */
export interface Probe { field: string; coordinate: string; group: Group; args?: string; children?: Probe[] }

const p = (type: string, group: Group, field: string, children?: Probe[], args?: string): Probe => ({ field, coordinate: `${type}.${field}`, group, children, args });
const leaves = (type: string, group: Group, ...fields: string[]) => fields.map((f) => p(type, group, f));

export const CHILD_PROBES: Probe[] = [
  p('Child', 'keys', 'id'),
  ...leaves('Child', 'identity', 'legalGivenName', 'legalFamilyName', 'preferredName', 'dateOfBirth', 'sex', 'ethnicity'),
  ...leaves('Child', 'identifiers', 'laChildId', 'upn', 'upnUnknownReason', 'nhsNumber'),
  p('Child', 'professionals', 'allocations', leaves('Allocation', 'professionals', 'id', 'workerName')),
  p('Child', 'legalStatus', 'legalStatuses', leaves('LegalStatusPeriod', 'legalStatus', 'id', 'legalStatus', 'startDate')),
  p('Child', 'legalStatus', 'currentLegalStatus', leaves('LegalStatusPeriod', 'legalStatus', 'id', 'legalStatus')),
  p('Child', 'family', 'familyMembers', leaves('FamilyMember', 'family', 'id', 'relationship', 'name', 'dateOfBirth', 'address', 'notes')),
  p('Child', 'placements', 'placements', [
    ...leaves('Placement', 'placements', 'id', 'placementType', 'startDate', 'endDate'),
    ...leaves('Placement', 'placementAddresses', 'addressLine', 'postcode'),
  ]),
  p('Child', 'placements', 'currentPlacement', [
    ...leaves('Placement', 'placements', 'id', 'placementType', 'startDate'),
    ...leaves('Placement', 'placementAddresses', 'addressLine', 'postcode'),
    p('Placement', 'placements', 'carer', leaves('Carer', 'placements', 'id', 'name')),
  ]),
  p('Child', 'placements', 'episodes', [
    ...leaves('Episode', 'placements', 'id', 'startDate', 'placementType'),
    ...leaves('Episode', 'legalStatus', 'legalStatus', 'categoryOfNeed'),
    ...leaves('Episode', 'placementAddresses', 'homePostcode', 'placementPostcode'),
  ]),
  p('Child', 'placements', 'inCare'),
  p('Child', 'missing', 'missingEpisodes', leaves('MissingEpisode', 'missing', 'id', 'startDate')),
  p('Child', 'education', 'schoolEnrolments', leaves('SchoolEnrolment', 'education', 'id', 'urn', 'startDate')),
  p('Child', 'education', 'currentSchool', [
    ...leaves('SchoolEnrolment', 'education', 'id', 'urn', 'startDate'),
    p('SchoolEnrolment', 'education', 'school', leaves('School', 'education', 'name', 'urn')),
  ]),
  p('Child', 'education', 'attendance', leaves('AttendanceTerm', 'education', 'id')),
  p('Child', 'education', 'exclusions', leaves('Exclusion', 'education', 'id')),
  p('Child', 'education', 'senProvision', leaves('SenProvisionRecord', 'education', 'id')),
  p('Child', 'education', 'ehcp', leaves('Ehcp', 'education', 'id')),
  p('Child', 'education', 'personalEducationPlans', leaves('PersonalEducationPlan', 'education', 'id')),
  p('Child', 'healthSummary', 'healthAssessments', leaves('HealthAssessment', 'healthSummary', 'id')),
  p('Child', 'healthSummary', 'nextHealthAssessmentDue'),
  p('Child', 'healthSummary', 'immunisations', leaves('Immunisation', 'healthSummary', 'id')),
  p('Child', 'healthSummary', 'dentalChecks', leaves('DentalCheck', 'healthSummary', 'id')),
  p('Child', 'healthSummary', 'sdqScores', leaves('SdqScore', 'healthSummary', 'id', 'score')),
  p('Child', 'healthSummary', 'gpRegistration', leaves('GpRegistration', 'healthSummary', 'id')),
  p('Child', 'clinical', 'healthConditions', leaves('HealthCondition', 'clinical', 'id')),
  p('Child', 'clinical', 'allergies', leaves('Allergy', 'clinical', 'id', 'substance')),
  p('Child', 'clinical', 'medications', leaves('Medication', 'clinical', 'id', 'name')),
  p('Child', 'caseNotes', 'caseNotes', leaves('CaseNote', 'caseNotes', 'id', 'occurredOn', 'title', 'body')),
  p('Child', 'careLeaver', 'careLeaverStatus', leaves('CareLeaverStatus', 'careLeaver', 'inTouch', 'activity', 'accommodation')),
  p('Child', 'chronology', 'chronology', [
    p('ChronologyConnection', 'chronology', 'edges', [p('ChronologyEdge', 'chronology', 'node', leaves('ChronologyEvent', 'chronology', 'id', 'kind'))]),
  ], '(first: 100)'),
  p('Child', 'annotations', 'annotations', leaves('Annotation', 'annotations', 'id')),
  p('Child', 'accessLog', 'accessLog', [
    p('RecordViewConnection', 'accessLog', 'edges', [p('RecordViewEdge', 'accessLog', 'node', leaves('RecordView', 'accessLog', 'role', 'kind'))]),
  ], '(first: 10)'),
  p('Child', 'voice', 'voiceEntries', leaves('VoiceEntry', 'voice', 'id', 'title', 'visibleTo')),
];

export const selection = (probes: Probe[]): string =>
  probes.map((n) => `${n.field}${n.args ?? ''}${n.children ? ` { ${selection(n.children)} }` : ''}`).join(' ');

/** Root fields, the group each belongs to, and an operation exercising it against a child nobody may see. */
export interface RootProbe { coordinate: string; group: Group; text: string; vars: Record<string, unknown> }
export const NOBODY = '00000000-0000-4000-8000-00000000dead';
const q = (coordinate: string, group: Group, text: string, vars: Record<string, unknown> = {}): RootProbe => ({ coordinate, group, text, vars });
export const ROOT_PROBES: RootProbe[] = [
  q('Query.children', 'keys', `{ children(first: 1) { edges { node { id } } } }`),
  q('Query.me', 'ownRecord', `{ me { id } }`),
  q('Query.accessEvents', 'auditTrail', `{ accessEvents(first: 100) { edges { node { id at sub role } } } }`),
  q('Query.dataSharingAgreements', 'agreements', `{ dataSharingAgreements { id } }`),
  q('Query.school', 'education', `{ school(urn: "999998") { name } }`),
  q('Query.placement', 'placements', `query($id: ID!) { placement(id: $id) { id } }`, { id: NOBODY }),
  q('Query.codeLists', 'codeLists', `{ codeLists(names: ["PlacementType"]) { name codes { code label } } }`),
  q('Mutation.addCaseNote', 'writeRecords', `mutation($i: AddCaseNoteInput!) { addCaseNote(input: $i) { id } }`,
    { i: { childId: NOBODY, occurredOn: '2026-01-01', category: 'OTHER', authorId: 'x', authorName: 'x', title: 'x', body: 'x' } }),
  q('Mutation.endPlacement', 'writePlacements', `mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }`,
    { i: { childId: NOBODY, endDate: '2026-01-01', reasonCeased: 'E11' } }),
  q('Mutation.recordAttendance', 'writeEducation', `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { id } }`,
    { i: { childId: NOBODY, academicYear: '2025/26', term: 'AUTUMN', sessionsPossible: 10, sessionsAuthorisedAbsence: 0, sessionsUnauthorisedAbsence: 0 } }),
  q('Mutation.recordDentalCheck', 'writeHealth', `mutation($i: RecordDentalCheckInput!) { recordDentalCheck(input: $i) { id } }`,
    { i: { childId: NOBODY, checkedOn: '2026-01-01' } }),
  q('Mutation.addVoiceEntry', 'writeVoice', `mutation($i: AddVoiceEntryInput!) { addVoiceEntry(input: $i) { id } }`,
    { i: { childId: NOBODY, title: 'x', text: 'x', visibleTo: [] } }),
  q('Mutation.annotate', 'writeAnnotations', `mutation($i: AnnotateInput!) { annotate(input: $i) { id } }`,
    { i: { childId: NOBODY, itemType: 'CaseNote', itemId: NOBODY, text: 'x' } }),
  q('Mutation.recordDataSharingAgreement', 'agreements', `mutation($i: RecordDataSharingAgreementInput!) { recordDataSharingAgreement(input: $i) { id } }`,
    { i: { id: 'oracle-never', agency: 'x', purpose: 'x', lawfulBasis: 'x', fieldGroups: [], cohort: [NOBODY], validFrom: '2026-01-01', validTo: '2026-01-02' } }),
];
