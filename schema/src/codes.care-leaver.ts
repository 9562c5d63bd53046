/** SSDA903 OC3 code lists for care leavers (domain reference 1.1); `0` ("not known") is `NOT_KNOWN` in GraphQL. */

/** OC3 ACTIV: the care leaver's main activity (education, employment or training). */
export const CARE_LEAVER_ACTIVITY = {
  F1: 'Full-time in higher education', P1: 'Part-time in higher education',
  F2: 'Full-time in education other than higher education', P2: 'Part-time in education other than higher education',
  F4: 'Full-time apprenticeship', P4: 'Part-time apprenticeship',
  F5: 'Full-time in training or employment', P5: 'Part-time in training or employment',
  G4: 'Not in education, employment or training: illness or disability', G5: 'Not in education, employment or training: other reasons',
  G6: 'Not in education, employment or training: pregnancy or parenting',
  NOT_KNOWN: 'Not known',
} as const;

const ACCOMMODATION_KIND = {
  B: 'With parents or relatives', C: 'Community home or other residential care', D: 'Semi-independent, transitional accommodation',
  E: 'Supported lodgings', G: 'Gone abroad', H: 'Deported', K: 'Ordinary lodgings, without formal support', R: 'Residence not known',
  S: 'No fixed abode or homeless', T: 'Foyers and similar supported accommodation', U: 'Independent living (e.g. own tenancy)',
  V: 'Emergency accommodation', W: 'Bed and breakfast', X: 'In custody', Y: 'Other accommodation', Z: 'With former foster carers',
} as const;

/** OC3 ACCOM: the kind of accommodation (a letter) and whether it is suitable (1) or not (2); S and X are never suitable. */
export const CARE_LEAVER_ACCOMMODATION = {
  ...Object.fromEntries(
    Object.entries(ACCOMMODATION_KIND).flatMap(([letter, kind]) => [
      ...(letter === 'S' || letter === 'X' ? [] : [[`${letter}1`, `${kind}, suitable`]]),
      [`${letter}2`, `${kind}, not suitable`],
    ]),
  ),
  NOT_KNOWN: 'Not known',
} as Readonly<Record<string, string>>;

/** The value PostgreSQL and SSDA903 keep for each of these lists' codes (only "not known" differs: `0`). */
export const OC3_STORED = (code: string): string => (code === 'NOT_KNOWN' ? '0' : code);
