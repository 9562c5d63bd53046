import type { EpisodeRow903, Permanence903 } from '@caregraph/placements';

/** The files of an SSDA903 return (CSV names, as the DfE validator keys them; domain.md § 1.1). */
export const FILE_COLUMNS = {
  header: ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'],
  episodes: ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'],
  reviews: ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'],
  uasc: ['CHILD', 'SEX', 'DOB', 'DUC'],
  oc2: ['CHILD', 'DOB', 'SDQ_SCORE', 'SDQ_REASON', 'CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'],
  oc3: ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
  ad1: ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'],
  placed_for_adoption: ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
  previous_permanence: ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'],
  missing: ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'],
  sw_episodes: ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'],
} as const;
export type FileKind = keyof typeof FILE_COLUMNS;
export const FILE_KINDS = Object.keys(FILE_COLUMNS) as FileKind[];

/** The column that tells each file apart when its name does not (a CSV renamed, an XML block). */
export const SIGNATURE: Record<FileKind, string> = {
  header: 'ETHNIC', episodes: 'DECOM', reviews: 'REVIEW_CODE', uasc: 'DUC', oc2: 'SDQ_SCORE', oc3: 'IN_TOUCH', ad1: 'DATE_INT',
  placed_for_adoption: 'DATE_PLACED', previous_permanence: 'PREV_PERM', missing: 'MIS_START', sw_episodes: 'SW_ID',
};

/** One row as read: where it came from and its values by column (trimmed; '' when absent). */
export interface RawRow {
  file: string;
  kind: FileKind;
  /** 1-based line of the row (CSV: its record's first line; XML: its element's start tag). */
  line: number;
  values: Record<string, string>;
  /** The name each column has in the source (XML tags differ: CHILDID, PL). */
  source?: Record<string, string>;
  /** XML: the row's element (`CHILD[3]/EPISODE[2]`), since a file written on one line gives every row the same line. */
  element?: string;
}

/** A rejected row or file: where, which column, a code and a plain message that never quotes the value. */
export interface Issue {
  file: string;
  line: number;
  column: string;
  code: string;
  message: string;
  /** The child's LA id when the row names one (the LA's own identifier, not personal data in itself). */
  child?: string;
  /** XML: the row's element, e.g. `CHILD[3]/EPISODE[2]`. */
  element?: string;
}

export interface ReadReturn {
  rows: RawRow[];
  issues: Issue[];
  format: 'csv' | 'xml';
}

/** One episode row as validated: the placements writer's episode, with where it came from. */
export type Episode903 = EpisodeRow903 & { line: number; file: string; element?: string };

export interface Oc2 {
  sdqScore: number | null;
  sdqReason: string | null;
  convicted: boolean | null;
  healthCheck: boolean | null;
  immunisations: boolean | null;
  teethCheck: boolean | null;
  healthAssessment: boolean | null;
  substanceMisuse: boolean | null;
  interventionReceived: boolean | null;
  interventionOffered: boolean | null;
}

/** Everything a return says about one child, validated. Dates are YYYY-MM-DD. */
export interface ChildReturn extends Permanence903 {
  laChildId: string;
  header: {
    sex: 'M' | 'F' | 'U';
    dateOfBirth: string;
    ethnicity: string;
    upn: string | null;
    upnUnknownReason: string | null;
    mother: boolean | null;
    motherChildDob: string | null;
  } | null;
  episodes: Episode903[];
  reviews: { date: string; code: string }[];
  missing: { kind: 'M' | 'A'; start: string; end: string | null }[];
  oc2: Oc2 | null;
  oc3: { inTouch: string; activity: string | null; accommodation: string | null } | null;
  uasc: { dateCeased: string | null } | null;
  socialWorkers: { swId: string; start: string; end: string | null; reason: string | null }[];
  /** Every row of this child, for the report. */
  rows: { file: string; line: number; element?: string }[];
}

export interface ValidatedReturn {
  format: 'csv' | 'xml';
  /** The collection year's last day (31 March), YYYY-MM-DD. */
  yearEnd: string;
  children: ChildReturn[];
  issues: Issue[];
  /** LA ids of the children with at least one issue (left out whole with --skip-invalid). */
  invalidChildren: Set<string>;
  rowsRead: number;
}
