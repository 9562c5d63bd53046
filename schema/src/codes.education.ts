/** Code lists owned by the education subgraph (see codes.ts for the shared ones). */

/** School census enrolment status (CBDS EnrolStatus). */
export const ENROL_STATUS = {
  C: 'Current: single registration at this school',
  M: 'Main: dual registration, this is the main school',
  S: 'Subsidiary: dual registration, this is the subsidiary school',
  G: 'Guest: pupil attending from another school',
} as const;

/** The three terms of the English school year, as the school census counts attendance. */
export const SCHOOL_TERM = {
  AUTUMN: 'Autumn term (September to December)',
  SPRING: 'Spring term (January to Easter)',
  SUMMER: 'Summer term (Easter to July)',
} as const;

/** School census SEN type of need (CBDS SENtype), recorded as primary and secondary need. */
export const SEN_NEED = {
  SPLD: 'Specific learning difficulty', MLD: 'Moderate learning difficulty', SLD: 'Severe learning difficulty',
  PMLD: 'Profound and multiple learning difficulty', SEMH: 'Social, emotional and mental health',
  SLCN: 'Speech, language and communication needs', HI: 'Hearing impairment', VI: 'Vision impairment',
  MSI: 'Multi-sensory impairment', PD: 'Physical disability', ASD: 'Autistic spectrum disorder',
  OTH: 'Other difficulty or disability', NSA: 'SEN support but no specialist assessment of type of need',
} as const;
