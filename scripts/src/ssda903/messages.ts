import type { Issue } from './model.js';

/**
 * Every code a row or file can be rejected with, and its plain message. Messages name the column's rule,
 * never the value (it may be personal data); the DfE rule number is given where one applies.
 */
export const MESSAGES = {
  CSV_MALFORMED: 'The file is not valid CSV from this line (unbalanced quotes or a broken record).',
  XML_MALFORMED: 'The file is not well-formed XML from this line.',
  XML_ROOT: 'The XML form of the return must have the root element EXPSSDA903.',
  XML_UNKNOWN_ELEMENT: 'This element is not part of the SSDA903 XML form.',
  XML_NO_HEADER: 'A CHILD element must contain a HEADER element.',
  FILE_EMPTY: 'The file is empty: it needs at least its row of column names.',
  FILE_UNKNOWN: 'The file is none of the SSDA903 files (its name and columns match none of them).',
  FILE_DUPLICATE: 'Two files of the same kind were given; only the first is read.',
  MIXED_FORMATS: 'A return is either CSV files or one XML file; this file was not read.',
  COLUMN_MISSING: 'A column this file must have is missing from its first row.',
  MISSING_VALUE: 'A value is required in this column.',
  MUST_BE_BLANK: 'This column must be blank here.',
  INVALID_DATE: 'Not a valid date in the form dd/mm/yyyy.',
  DATE_IN_FUTURE: 'The date is after the end of the collection year.',
  DATE_BEFORE_BIRTH: 'The date is before the child’s date of birth.',
  END_BEFORE_START: 'The end date is before the start date.',
  UNKNOWN_CODE: 'Not a code of the DfE list for this column.',
  RETIRED_CODE: 'This placement type was removed from the DfE list (2025/26): use its replacement code.',
  INVALID_NUMBER: 'Not a whole number in the allowed range.',
  INVALID_FORMAT: 'The value does not have the form this column requires.',
  DUPLICATE_CHILD: 'The child appears more than once in this file.',
  DUPLICATE_ROW: 'The same record (child and date) appears more than once.',
  UNKNOWN_CHILD: 'The child is not in the header file of this return (nor already on the hub).',
  DOB_MISMATCH: 'The date of birth differs from the child’s date of birth in the header.',
  UPN_REQUIRED: 'A UPN or an unknown-UPN reason (UN1-UN5) is required (rule 442).',
  MOTHER_SEX: 'Only a female child can be recorded as a mother.',
  MC_DOB_REQUIRED: 'The date of birth of the mother’s child is required when MOTHER is 1, and only then.',
  URN_NOT_ALLOWED: 'No URN may be given for this placement type (rule 222).',
  REC_WITHOUT_DEC: 'A reason the episode ceased needs a date the episode ceased.',
  DEC_WITHOUT_REC: 'A date the episode ceased needs the reason it ceased.',
  RPC_NOT_ALLOWED: 'No reason for placement change around a temporary (T0-T4) placement, nor at the end of care (rules 225, 226).',
  LS_UNDER_10: 'Youth justice legal statuses (J1-J3) are not allowed for a child under 10 (rule 358).',
  CHAIN_OVERLAP: 'The episode starts before the previous episode of the child ended.',
  CHAIN_DUPLICATE_START: 'Two episodes of the child start on the same date.',
  CHAIN_X1_WITHOUT_NEXT: 'REC X1 says a new episode starts the same day, but the next episode does not.',
  CHAIN_NEXT_WITHOUT_X1: 'The next episode starts the day this one ended, so its REC must be X1.',
  CHAIN_S_AFTER_X1: 'An episode that follows another the same day cannot have RNE S.',
  CHAIN_GAP_NOT_S: 'The first episode of a period of care (after a gap, or the first) must have RNE S.',
  CHAIN_OPEN_NOT_LAST: 'Only the latest episode of a child may be open (no date ceased).',
  CHAIN_RNE_L_CHANGED_PLACE: 'RNE L (legal status change only) but the placement changed.',
  CHAIN_RNE_L_SAME_LS: 'RNE L (legal status change only) but the legal status did not change.',
  CHAIN_CONFLICTS_WITH_HUB: 'The episodes do not chain with the child’s episodes already on the hub (an episode already there overlaps).',
  SDQ_SCORE_AND_REASON: 'Give either an SDQ score or a reason for no score, not both (rules 180, 181).',
  ACCOM_SUITABILITY: 'Accommodation S (no fixed abode) and X (custody) can only be unsuitable (2) (rule 133).',
  SW_ID_FORMAT: 'A social worker id starts with SW (Social Work England) or XX.',
  CHILD_ID_OTHER_LA: 'The child id is already used on the hub by a child of another local authority.',
  CHILD_LEFT_OUT: 'The child was left out: another of its rows is invalid.',
} as const;
export type IssueCode = keyof typeof MESSAGES;

export function issue(file: string, line: number, column: string, code: IssueCode, child?: string, element?: string): Issue {
  return { file, line, column, code, message: MESSAGES[code], ...(child ? { child } : {}), ...(element ? { element } : {}) };
}

/** One key per row, for counting rejected rows (XML rows are told apart by their element, not their line). */
export const rowKey = (r: { file: string; line: number; element?: string }) => `${r.file}:${r.line}:${r.element ?? ''}`;
