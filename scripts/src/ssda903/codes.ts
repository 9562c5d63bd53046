import {
  CATEGORY_OF_NEED, ETHNICITY, IN_TOUCH, LEGAL_STATUS, MISSING_TYPE, PLACEMENT_PROVIDER, PLACEMENT_TYPE,
  PLACEMENT_TYPES_WITHOUT_URN, REASON_EPISODE_CEASED, REASON_NEW_EPISODE, REASON_PLACEMENT_CHANGE, SDQ_REASON,
  TEMPORARY_PLACEMENT_TYPES, UPN_UNKNOWN,
} from '@caregraph/schema';

/**
 * The DfE code lists an SSDA903 return is checked against. The hub's own lists (schema/src/codes.ts) are the
 * current ones; the lists below are the 903 columns the hub has no enum for (domain.md § 1.1).
 */
const set = (codes: Iterable<string>) => new Set(codes);

export const CODES = {
  SEX: set(['M', 'F', 'U', '1', '2']),
  ETHNIC: set(Object.keys(ETHNICITY)),
  UPN_UNKNOWN: set(Object.keys(UPN_UNKNOWN)),
  RNE: set(Object.keys(REASON_NEW_EPISODE)),
  LS: set(Object.keys(LEGAL_STATUS)),
  CIN: set(Object.keys(CATEGORY_OF_NEED)),
  PLACE: set(Object.keys(PLACEMENT_TYPE)),
  PLACE_PROVIDER: set(Object.keys(PLACEMENT_PROVIDER)),
  REC: set(Object.keys(REASON_EPISODE_CEASED)),
  REASON_PLACE_CHANGE: set(Object.keys(REASON_PLACEMENT_CHANGE)),
  MISSING: set(Object.keys(MISSING_TYPE)),
  REVIEW_CODE: set(['PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7']),
  SDQ_REASON: set(Object.keys(SDQ_REASON)),
  IN_TOUCH: set(Object.keys(IN_TOUCH)),
  ACTIV: set(['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0']),
  ACCOM_LETTER: set(['B', 'C', 'D', 'E', 'G', 'H', 'K', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z']),
  PREV_PERM: set(['P1', 'P2', 'P3', 'P4', 'Z1']),
  REASON_PLACED_CEASED: set(['RD1', 'RD2', 'RD3', 'RD4']),
  SEX_ADOPTR: set(['M1', 'F1', 'MM', 'FF', 'MF']),
  LS_ADOPTR: set(['L0', 'L11', 'L12', 'L2', 'L3', 'L4']),
  SW_REASON: set(['MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS']),
  FLAG: set(['0', '1']),
} as const;

/** Placement types the DfE list no longer holds (removed 2025/26): reported as retired, not unknown. */
export const RETIRED_PLACEMENT_TYPES = set(['P2', 'H5', 'Z1']);
export const NO_URN = set(PLACEMENT_TYPES_WITHOUT_URN);
export const TEMPORARY = set(TEMPORARY_PLACEMENT_TYPES);
/** Youth-justice legal statuses, not allowed under 10 (rule 358). */
export const YOUTH_JUSTICE = set(['J1', 'J2', 'J3']);
/** Short-break legal statuses: no UPN needed (rule 442). */
export const SHORT_BREAKS = set(['V3', 'V4']);
