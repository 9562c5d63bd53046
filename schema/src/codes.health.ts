/** Code lists owned by the health subgraph (see codes.ts for the shared ones). */

/**
 * Who carried out a statutory health assessment. The initial assessment must be done by a registered medical
 * practitioner; reviews may be done by a registered nurse or midwife (Care Planning Regulations 2010, reg 7).
 */
export const HEALTH_PROFESSIONAL_ROLE = {
  DOCTOR: 'Registered medical practitioner', NURSE: 'Registered nurse (e.g. looked-after children nurse)',
  HEALTH_VISITOR: 'Health visitor (registered nurse or midwife)', MIDWIFE: 'Registered midwife',
} as const;

/** Vaccines of the UK routine childhood schedule (plus BCG and flu, offered by risk or season). */
export const VACCINE = {
  DTAP_IPV_HIB_HEPB: '6-in-1: diphtheria, tetanus, whooping cough, polio, Hib and hepatitis B',
  ROTAVIRUS: 'Rotavirus', MENB: 'Meningococcal group B', PCV: 'Pneumococcal conjugate', HIB_MENC: 'Hib and meningococcal group C',
  MMR: 'Measles, mumps and rubella', MMRV: 'Measles, mumps, rubella and chickenpox',
  DTAP_IPV: '4-in-1 pre-school booster: diphtheria, tetanus, whooping cough and polio', HPV: 'Human papillomavirus',
  TD_IPV: '3-in-1 teenage booster: tetanus, diphtheria and polio', MENACWY: 'Meningococcal groups A, C, W and Y',
  FLU: 'Seasonal influenza', BCG: 'BCG (tuberculosis)',
} as const;

export const HEALTH_CONDITION_CATEGORY = {
  RESPIRATORY: 'Respiratory (e.g. asthma)', SKIN: 'Skin (e.g. eczema)', NEUROLOGICAL: 'Neurological (e.g. epilepsy)',
  NEURODEVELOPMENTAL: 'Neurodevelopmental (e.g. ADHD, autism)', MENTAL_HEALTH: 'Emotional or mental health',
  LEARNING_DISABILITY: 'Learning disability', SENSORY: 'Sensory impairment (hearing or vision)',
  DEVELOPMENTAL: 'Developmental delay (speech, motor)', OTHER_PHYSICAL: 'Other physical health condition',
} as const;

export const ALLERGY_SEVERITY = {
  MILD: 'Mild: local symptoms only', MODERATE: 'Moderate: needs treatment (e.g. antihistamine)',
  SEVERE: 'Severe: risk of anaphylaxis, adrenaline auto-injector prescribed',
} as const;
