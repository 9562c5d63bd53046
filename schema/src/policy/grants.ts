import type { FieldGroup } from './field-groups.js';
import type { Role } from './roles.js';

/** Row filters a limited grant may carry (applied by the resolver that owns the rows). */
export type RowFilter = 'sinceAge16' | 'ownActions' | 'teamActions';

export type Grant =
  | { kind: 'full' }
  /** Own record only (care leaver); redaction of third-party content applies. */
  | { kind: 'self' }
  /** Only the listed coordinates of the group (and only the rows the filter keeps). */
  | { kind: 'limited'; note: string; only: readonly string[]; rows?: RowFilter }
  /** Counts only, never an individual child. */
  | { kind: 'aggregate' }
  /** What the partner's active data-sharing agreement names, and nothing once it has expired. */
  | { kind: 'agreement' };

const F: Grant = { kind: 'full' };
const S: Grant = { kind: 'self' };
const A: Grant = { kind: 'aggregate' };
const AGREEMENT: Grant = { kind: 'agreement' };
const R = (note: string, only: readonly string[], rows?: RowFilter): Grant => ({ kind: 'limited', note, only, rows });

const CURRENT_LEGAL_STATUS = R('current', ['Child.currentLegalStatus', 'LegalStatusPeriod.*']);
const CURRENT_PLACEMENT = ['Query.placement', 'Query.carer', 'Child.currentPlacement', 'Child.inCare', 'Placement.*', 'Carer.*'];
const CURRENT_ADDRESS = ['Placement.addressLine', 'Placement.postcode'];
const UPN_ONLY = R('UPN', ['Child.upn', 'Child.upnUnknownReason']);
/** The child chooses, entry by entry, which roles see it: the resolver keeps only those rows. */
const VOICE_AS_CHOSEN = R('as the child chose', ['Child.voiceEntries', 'VoiceEntry.*']);
const KEYS_ONLY = { keys: F, chronology: F, codeLists: F };
const AUDIT_TRAIL = ['Query.accessEvents', 'AccessEvent.*', 'AccessEventConnection.*', 'AccessEventEdge.*'];

/**
 * policy.md's field-group table, as data: role -> field group -> grant. A group not listed is denied.
 * Every principal that may see any child gets `keys` (ids and paging, no personal data).
 */
export const GRANTS: Record<Role, Partial<Record<FieldGroup, Grant>>> = {
  social_worker: {
    ...KEYS_ONLY, voice: VOICE_AS_CHOSEN, annotations: F, identity: F, identifiers: F, professionals: F, legalStatus: F, family: F, placements: F, placementAddresses: F,
    missing: F, education: F, healthSummary: F, caseNotes: F, careLeaver: F, writeRecords: F, writePlacements: F,
    auditTrail: R('own actions', AUDIT_TRAIL, 'ownActions'),
  },
  team_manager: {
    ...KEYS_ONLY, voice: VOICE_AS_CHOSEN, identity: F, identifiers: F, professionals: F, legalStatus: F, family: F, placements: F, placementAddresses: F,
    missing: F, education: F, healthSummary: F, caseNotes: F, careLeaver: F, writeRecords: F, writePlacements: F,
    auditTrail: R('team', AUDIT_TRAIL, 'teamActions'),
  },
  iro: {
    ...KEYS_ONLY, voice: VOICE_AS_CHOSEN, identity: F, identifiers: F, professionals: F, legalStatus: F, family: F, placements: F, placementAddresses: F,
    missing: F, education: F, healthSummary: F, caseNotes: F, careLeaver: F,
  },
  virtual_school: {
    ...KEYS_ONLY, voice: VOICE_AS_CHOSEN, identity: F, identifiers: UPN_ONLY, professionals: F, legalStatus: F, placements: F, education: F,
    healthSummary: R('SDQ', ['Child.sdqScores', 'SdqScore.*']),
    careLeaver: R('in touch, activity', ['Child.careLeaverStatus', 'CareLeaverStatus.inTouch', 'CareLeaverStatus.activity']),
    writeEducation: F,
  },
  designated_teacher: { ...KEYS_ONLY, voice: VOICE_AS_CHOSEN, identity: F, identifiers: UPN_ONLY, professionals: F, education: F, writeEducation: F },
  health_practitioner: {
    ...KEYS_ONLY, voice: VOICE_AS_CHOSEN, identity: F, identifiers: R('NHS', ['Child.nhsNumber']), professionals: F, legalStatus: CURRENT_LEGAL_STATUS,
    placements: R('current', CURRENT_PLACEMENT), placementAddresses: R('current', CURRENT_ADDRESS),
    education: R('school name', ['Child.currentSchool', 'SchoolEnrolment.id', 'SchoolEnrolment.school', 'School.name']),
    healthSummary: F, clinical: F, writeHealth: F,
  },
  foster_carer: {
    ...KEYS_ONLY, voice: VOICE_AS_CHOSEN, identity: F, professionals: F, legalStatus: CURRENT_LEGAL_STATUS, placements: R('their own', CURRENT_PLACEMENT),
    placementAddresses: R('their own', CURRENT_ADDRESS), missing: F, education: F, healthSummary: F,
    clinical: R('allergies, medication', ['Child.allergies', 'Allergy.*', 'Child.medications', 'Medication.*']),
  },
  personal_adviser: {
    ...KEYS_ONLY, voice: VOICE_AS_CHOSEN, annotations: F, identity: F, identifiers: F, professionals: F, legalStatus: F,
    family: R('names', ['Child.familyMembers', 'FamilyMember.id', 'FamilyMember.relationship', 'FamilyMember.name']),
    placements: F, placementAddresses: F, missing: F, education: F, healthSummary: F,
    caseNotes: R('after 16', ['Child.caseNotes', 'CaseNote.*'], 'sinceAge16'), careLeaver: F,
  },
  // The chronology, as for every role that may read one of its sources: its events only from the agreement's groups.
  partner_agency: { ...KEYS_ONLY, identity: AGREEMENT, identifiers: AGREEMENT, legalStatus: AGREEMENT, placements: AGREEMENT, missing: AGREEMENT },
  care_leaver: {
    ...KEYS_ONLY, voice: S, writeVoice: S, ownRecord: S, annotations: S, accessLog: S, writeAnnotations: S, identity: S, identifiers: S, professionals: S, legalStatus: S, family: S, placements: S, placementAddresses: S,
    missing: S, education: S, healthSummary: S, clinical: S, caseNotes: S, careLeaver: S,
  },
  analyst: { codeLists: F, legalStatus: A, placements: A, missing: A, education: A, healthSummary: A, careLeaver: A },
  dpo: {
    ...KEYS_ONLY, voice: F, identity: F, identifiers: F, professionals: F, legalStatus: F, family: F, placements: F, placementAddresses: F,
    missing: F, education: F, healthSummary: F, clinical: F, caseNotes: F, careLeaver: F, auditTrail: F, agreements: F, annotations: F, accessLog: F,
  },
};

/** The field groups a data-sharing agreement may name: those the partner's grant leaves to its agreement. */
export const AGREEMENT_GROUPS: readonly FieldGroup[] = (Object.entries(GRANTS.partner_agency) as [FieldGroup, Grant | undefined][])
  .filter(([, grant]) => grant?.kind === 'agreement')
  .map(([group]) => group);
