/**
 * The closed list of `extensions.code` values a client of CareGraph can receive (contract.md).
 * Every error any service returns carries exactly one of these.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: 'No valid identity: missing, forged, expired token or unknown role.',
  FORBIDDEN: 'The principal may not see this field or this child.',
  NOT_FOUND: 'The record addressed by a mutation does not exist.',
  BAD_USER_INPUT: 'An argument or input is malformed: unknown code, invalid date, malformed id.',
  CONFLICT: 'The write contradicts the current state of the record (e.g. ending a placement twice).',
  QUERY_TOO_COMPLEX: 'The operation exceeds the depth, cost or size limits.',
  SERVICE_UNAVAILABLE: 'A dependency (database, subgraph, audit store) is not available.',
  INTERNAL_SERVER_ERROR: 'An unexpected failure; details are in the server log, never in the response.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && code in ERROR_CODES;
}
