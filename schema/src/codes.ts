/**
 * DfE and CareGraph code lists (domain.md §1), one object per list: code -> plain-English meaning.
 * Subgraphs expose them as GraphQL enums, so an unknown code is rejected by the schema itself.
 */

export const SEX = { M: 'Male', F: 'Female', U: 'Unknown or not recorded' } as const;

export const ETHNICITY = {
  WBRI: 'White British', WIRI: 'White Irish', WOTH: 'Any other White background', WIRT: 'Traveller of Irish heritage',
  WROM: 'Gypsy/Roma', MWBC: 'White and Black Caribbean', MWBA: 'White and Black African', MWAS: 'White and Asian',
  MOTH: 'Any other mixed background', AIND: 'Indian', APKN: 'Pakistani', ABAN: 'Bangladeshi',
  AOTH: 'Any other Asian background', BCRB: 'Black Caribbean', BAFR: 'Black African',
  BOTH: 'Any other Black background', CHNE: 'Chinese', OOTH: 'Any other ethnic group', REFU: 'Refused',
  NOBT: 'Information not yet obtained',
} as const;

export const UPN_UNKNOWN = {
  UN1: 'Not of school age', UN2: 'Never attended a maintained school in England',
  UN3: 'Educated outside England', UN4: 'Newly looked after, UPN not yet known', UN5: 'Matching discrepancy',
} as const;

export const LEGAL_STATUS = {
  C1: 'Interim care order', C2: 'Full care order', D1: 'Freeing order granted', E1: 'Placement order granted',
  V2: 'Single period of accommodation under section 20', V3: 'Accommodated under an agreed series of short-term breaks (episodes)',
  V4: 'Accommodated under an agreed series of short-term breaks (agreements)', L1: 'Under police protection',
  L2: 'Emergency protection order', L3: 'Child assessment order', J1: 'Remanded to local authority accommodation',
  J2: 'Placed in local authority accommodation under PACE', J3: 'Youth rehabilitation order with residence or fostering requirement',
} as const;

export const CATEGORY_OF_NEED = {
  N1: 'Abuse or neglect', N2: 'Child’s disability', N3: 'Parental illness or disability', N4: 'Family in acute stress',
  N5: 'Family dysfunction', N6: 'Socially unacceptable behaviour', N7: 'Low income', N8: 'Absent parenting',
} as const;

export const REASON_NEW_EPISODE = {
  S: 'Started to be looked after', L: 'Change of legal status only', P: 'Change of placement and carer',
  T: 'Change of placement, same carer', B: 'Change of legal status and placement and carer',
  U: 'Change of legal status and placement, same carer',
} as const;

export const PLACEMENT_TYPE = {
  A3: 'Placed for adoption with consent, with current foster carer', A4: 'Placed for adoption with consent, not with current foster carer',
  A5: 'Placed for adoption under a placement order, with current foster carer', A6: 'Placed for adoption under a placement order, not with current foster carer',
  K1: 'Secure children’s home', K2: 'Children’s home', K3: 'Registered supported accommodation',
  P1: 'Placed with parent(s) or other person with parental responsibility', P3: 'Residential employment',
  R1: 'Residential care home', R2: 'NHS or health establishment', R3: 'Family centre or mother and baby unit',
  R5: 'Young offender institution', S1: 'Residential school', T0: 'Temporary move: hospital',
  T1: 'Temporary move: holiday', T2: 'Temporary move: carer’s holiday', T3: 'Temporary move: other, up to 7 days',
  T4: 'Temporary move: other', U1: 'Foster with relative or friend, long term', U2: 'Foster with relative or friend, fostering for adoption',
  U3: 'Foster with relative or friend, other', U4: 'Foster with other carer, long term', U5: 'Foster with other carer, fostering for adoption',
  U6: 'Foster with other carer, other', Z11: 'Other placement: private arrangement', Z12: 'Other placement: secure unit',
  Z13: 'Other placement: hospital', Z14: 'Other placement: other',
} as const;

/** Placement types for which an Ofsted URN must not be given (DfE rule 222). */
export const PLACEMENT_TYPES_WITHOUT_URN = ['P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14'] as const;
/** Temporary placements, for which no reason for change is recorded (DfE rule 226). */
export const TEMPORARY_PLACEMENT_TYPES = ['T0', 'T1', 'T2', 'T3', 'T4'] as const;

export const PLACEMENT_PROVIDER = {
  PR0: 'Parent or other person with parental responsibility', PR1: 'Own local authority', PR2: 'Other local authority',
  PR3: 'Other public provision', PR4: 'Private provision', PR5: 'Voluntary or third sector provision',
} as const;

export const REASON_EPISODE_CEASED = {
  X1: 'Episode ceased and new episode begins on the same day', E11: 'Adopted: application unopposed', E12: 'Adopted: consent dispensed with',
  E2: 'Died', E3: 'Care taken over by another local authority', E4A: 'Returned home to live with parents as part of the care planning process',
  E4B: 'Returned home to live with parents not as part of the care planning process', E41: 'Residence or child arrangements order granted',
  E45: 'Special guardianship order to former foster carers', E46: 'Special guardianship order to carers other than former foster carers',
  E47: 'Special guardianship order to relatives or friends (not former foster carers)', E48: 'Special guardianship order to other relatives or friends',
  E5: 'Moved into independent living (supportive accommodation)', E6: 'Moved into independent living (no formal support)',
  E7: 'Transferred to residential care funded by adult social care', E8: 'Period of being looked after ceased for any other reason',
  E9: 'Sentenced to custody', E13: 'Left care to live with parent or relative without parental responsibility',
  E14: 'Accommodation on remand ended', E15: 'Age assessment determined child is 18 or over', E16: 'Child moved abroad',
  E17: 'Aged 18 and over, remained with current carers (staying put)',
} as const;

export const REASON_PLACEMENT_CHANGE = {
  CARPL: 'Change to, or implementation of, care plan', CLOSE: 'Resignation or closure of provider', ALLEG: 'Allegation (s47)',
  STAND: 'Standards of care concern', APPRR: 'Approval removed', CREQB: 'Carer requests placement end due to child’s behaviour',
  CREQO: 'Carer requests placement end, other than behaviour', CHILD: 'Child requests placement end',
  LAREQ: 'Responsible or area authority requests placement end', PLACE: 'Change in the status of placement only',
  CUSTOD: 'Custody arrangement', OTHER: 'Other',
} as const;

export const MISSING_TYPE = { M: 'Missing: whereabouts unknown', A: 'Away from placement without authorisation, whereabouts known' } as const;

export const SEN_PROVISION = { N: 'No special educational need', K: 'SEN support', E: 'Education, health and care plan' } as const;

export const EXCLUSION_CATEGORY = { PERM: 'Permanent exclusion', SUSP: 'Suspension', LNCH: 'Lunchtime suspension' } as const;

export const EXCLUSION_REASON = {
  PP: 'Physical assault against a pupil', PA: 'Physical assault against an adult', VP: 'Verbal abuse or threatening behaviour against a pupil',
  VA: 'Verbal abuse or threatening behaviour against an adult', BU: 'Bullying', RA: 'Racist abuse', SM: 'Use or threat of use of an offensive weapon',
  DA: 'Drug and alcohol related', DM: 'Damage', TH: 'Theft', DB: 'Persistent disruptive behaviour', OT: 'Other',
} as const;

export const SDQ_REASON = {
  SDQ1: 'Child under 4 or over 16 at the date of last assessment', SDQ2: 'Carer refused to complete the questionnaire',
  SDQ3: 'Child’s severity of disability prevented completion', SDQ4: 'Other', SDQ5: 'Young person refused',
} as const;

export const HEALTH_ASSESSMENT_KIND = { INITIAL: 'Initial health assessment', REVIEW: 'Review health assessment' } as const;

export const IN_TOUCH = {
  YES: 'In touch', NO: 'Not in touch', DIED: 'Died', REFU: 'Refuses contact', NREQ: 'No longer requires services',
  RHOM: 'Returned home to parents for 6 months or more',
} as const;

export const ALLOCATION_ROLE = {
  SOCIAL_WORKER: 'Allocated social worker', IRO: 'Independent reviewing officer', PERSONAL_ADVISER: 'Personal adviser',
} as const;

export const RELATIONSHIP = {
  MOTHER: 'Birth mother', FATHER: 'Birth father', SIBLING: 'Sibling', HALF_SIBLING: 'Half-sibling', GRANDPARENT: 'Grandparent',
  AUNT_UNCLE: 'Aunt or uncle', STEP_PARENT: 'Step-parent', FAMILY_FRIEND: 'Family friend', OTHER: 'Other significant person',
} as const;

export const CASE_NOTE_CATEGORY = {
  VISIT: 'Statutory visit', REVIEW: 'Looked-after review', CONTACT: 'Family time / contact', ASSESSMENT: 'Assessment',
  MEETING: 'Meeting', CONVERSATION: 'Conversation with the child', OTHER: 'Other',
} as const;

export type CodeList = Readonly<Record<string, string>>;
export type CodeOf<T extends CodeList> = keyof T & string;
