/**
 * Field groups: which schema coordinates (`Type.field`, or `Type.*` for every field of a type) make up each
 * kind of information in policy.md. A coordinate named explicitly belongs to that group even when its type's
 * wildcard is in another. A supergraph field no group names is denied to everyone, and fails a test.
 */
export const FIELD_GROUPS = {
  keys: {
    title: 'Record keys and paging (no personal data)',
    fields: ['Query.child', 'Query.children', 'Child.id', 'ChildConnection.*', 'ChildEdge.*', 'PageInfo.*', 'SchoolEnrolment.childId'],
  },
  identity: {
    title: 'Identity: names, date of birth, sex, ethnicity',
    fields: ['Child.legalGivenName', 'Child.legalFamilyName', 'Child.preferredName', 'Child.dateOfBirth', 'Child.sex', 'Child.ethnicity', 'Child.dateOfDeath'],
  },
  identifiers: {
    title: 'Identifiers: LA child id, UPN, NHS number',
    fields: ['Child.laChildId', 'Child.upn', 'Child.upnUnknownReason', 'Child.nhsNumber'],
  },
  professionals: {
    title: 'Allocated professionals (named in their official capacity)',
    fields: ['Child.allocations', 'Allocation.*'],
  },
  legalStatus: {
    title: 'Legal status and its history',
    fields: ['Child.legalStatuses', 'Child.currentLegalStatus', 'LegalStatusPeriod.*', 'Episode.legalStatus', 'Episode.categoryOfNeed'],
  },
  family: {
    title: 'Family and other people (birth parents, siblings, their addresses)',
    fields: ['Child.familyMembers', 'FamilyMember.*'],
  },
  placements: {
    title: 'Placements: type, provider, dates, reason for change',
    fields: ['Query.placement', 'Query.carer', 'Child.placements', 'Child.currentPlacement', 'Child.episodes', 'Child.inCare', 'Placement.*', 'Episode.*', 'Carer.*'],
  },
  placementAddresses: {
    title: 'Placement addresses and postcodes',
    fields: ['Placement.addressLine', 'Placement.postcode', 'Episode.homePostcode', 'Episode.placementPostcode'],
  },
  missing: {
    title: 'Missing episodes',
    fields: ['Child.missingEpisodes', 'MissingEpisode.*'],
  },
  education: {
    title: 'Education: schools, attendance, exclusions, SEN/EHCP, PEP',
    fields: [
      'Query.school', 'Child.schoolEnrolments', 'Child.currentSchool', 'Child.attendance', 'Child.exclusions', 'Child.senProvision',
      'Child.ehcp', 'Child.personalEducationPlans', 'School.*', 'SchoolEnrolment.*', 'AttendanceTerm.*', 'Exclusion.*',
      'SenProvisionRecord.*', 'Ehcp.*', 'PersonalEducationPlan.*',
    ],
  },
  healthSummary: {
    title: 'Health summary: assessments, immunisations, dental, SDQ, GP',
    fields: [
      'Child.healthAssessments', 'Child.nextHealthAssessmentDue', 'Child.immunisations', 'Child.immunisationStatus', 'Child.dentalChecks',
      'Child.sdqScores', 'Child.gpRegistration', 'HealthAssessment.*', 'Immunisation.*', 'ImmunisationStatus.*', 'DentalCheck.*',
      'SdqScore.*', 'GpRegistration.*',
    ],
  },
  clinical: {
    title: 'Clinical detail: conditions, medication, allergies',
    fields: ['Child.healthConditions', 'Child.allergies', 'Child.medications', 'HealthCondition.*', 'Allergy.*', 'Medication.*'],
  },
  caseNotes: {
    title: 'Case notes and chronology narrative',
    fields: ['Child.caseNotes', 'CaseNote.*'],
  },
  careLeaver: {
    title: 'Care-leaver status, pathway plan',
    fields: ['Child.careLeaverStatus', 'CareLeaverStatus.*'],
  },
  chronology: {
    title: 'Chronology: dated events merged from all four subgraphs (each event only if its owner’s policy allows it)',
    fields: ['Child.chronology', 'Child.placementEvents', 'Child.educationEvents', 'Child.healthEvents', 'ChronologyConnection.*', 'ChronologyEdge.*', 'ChronologyEvent.*', 'Redaction.*'],
  },
  codeLists: {
    title: 'Code lists: the label of every code the schema returns (no personal data)',
    fields: ['Query.codeLists', 'CodeList.*', 'CodeLabel.*'],
  },
  ownRecord: {
    title: 'The care leaver’s own record (`me`)',
    fields: ['Query.me'],
  },
  annotations: {
    title: 'The care leaver’s comments and corrections on their history',
    fields: ['Child.annotations', 'Annotation.*'],
  },
  accessLog: {
    title: 'Who viewed the record (from the audit trail)',
    fields: ['Child.accessLog', 'RecordView.*', 'RecordViewConnection.*', 'RecordViewEdge.*'],
  },
  writeAnnotations: {
    title: 'Write: the care leaver annotates their own history',
    fields: ['Mutation.annotate'],
  },
  voice: {
    title: 'The child’s voice: their own entries and recordings (professionals see an entry only if the child chose their role)',
    fields: ['Child.voiceEntries', 'VoiceEntry.*'],
  },
  writeVoice: {
    title: 'Write: the child adds their own voice entries and chooses who may see them',
    fields: ['Mutation.addVoiceEntry', 'Mutation.shareVoiceEntry'],
  },
  auditTrail: {
    title: 'Audit trail of reads of children’s records',
    fields: ['Query.accessEvents', 'AccessEvent.*', 'AccessEventConnection.*', 'AccessEventEdge.*'],
  },
  agreements: {
    title: 'Data-sharing agreements (managed by the DPO)',
    fields: ['Query.dataSharingAgreements', 'DataSharingAgreement.*', 'Mutation.recordDataSharingAgreement'],
  },
  writeRecords: {
    title: 'Write: child record, legal status, allocations, case notes, missing episodes',
    fields: ['Mutation.recordChild', 'Mutation.changeLegalStatus', 'Mutation.allocateWorker', 'Mutation.addCaseNote', 'Mutation.recordMissingEpisode'],
  },
  writePlacements: {
    title: 'Write: start or end a placement',
    fields: ['Mutation.startPlacement', 'Mutation.endPlacement'],
  },
  writeEducation: {
    title: 'Write: enrolment, attendance, exclusions, PEPs',
    fields: ['Mutation.enrolInSchool', 'Mutation.leaveSchool', 'Mutation.recordAttendance', 'Mutation.recordExclusion', 'Mutation.recordPersonalEducationPlan'],
  },
  writeHealth: {
    title: 'Write: health assessments, immunisations, dental checks, SDQ, GP',
    fields: ['Mutation.recordHealthAssessment', 'Mutation.recordImmunisation', 'Mutation.recordDentalCheck', 'Mutation.recordSdqScore', 'Mutation.registerWithGp'],
  },
} as const satisfies Record<string, { title: string; fields: readonly string[] }>;

export type FieldGroup = keyof typeof FIELD_GROUPS;
