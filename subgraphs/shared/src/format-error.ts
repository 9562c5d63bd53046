import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isErrorCode, type ErrorCode } from '@caregraph/schema';
import { loggableError, type Logger } from './logger.js';

/** Apollo's own codes that mean "the request itself is malformed". */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * graphql-js's own refusal when a document is over `parseOptions.maxTokens`: a limit, not a syntax error
 * (graphql 16 spells it "more that").
 */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/**
 * Maps every error onto the contract's closed code list, with a message that never quotes a client value
 * (it may be personal data): see `safeMessage`. Anything unexpected is logged server-side and answered with a
 * generic INTERNAL_SERVER_ERROR.
 */
export function createFormatError(log: Logger, isDev: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = codeOf(formatted, error);
    const base = { locations: formatted.locations, path: formatted.path };
    // Outside development an error carries its code only: other extensions can hold internals (a stack, or the
    // gateway's `response` with a subgraph's URL and body when a subgraph call fails).
    const extensions = (c: ErrorCode) => (isDev ? { ...formatted.extensions, code: c } : { code: c });
    if (code !== 'INTERNAL_SERVER_ERROR') {
      return { ...base, message: safeMessage(formatted.message, code, isDev), extensions: extensions(code) };
    }
    const original = unwrapResolverError(error);
    log.error({ err: loggableError(original), path: formatted.path }, 'unexpected error');
    return { ...base, message: isDev ? formatted.message : 'Internal server error', extensions: extensions('INTERNAL_SERVER_ERROR') };
  };
}

/**
 * The contract code of an error. Apollo wraps validation errors and overwrites their code
 * (GRAPHQL_VALIDATION_FAILED), so a contract code set by a validation rule (the limits' QUERY_TOO_COMPLEX) is
 * read back from the wrapped original.
 */
function codeOf(formatted: GraphQLFormattedError, error: unknown): ErrorCode {
  const code = formatted.extensions?.code;
  if (isErrorCode(code)) return code;
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    const original = error instanceof GraphQLError ? error.originalError : undefined;
    const originalCode = original instanceof GraphQLError ? original.extensions?.code : undefined;
    if (isErrorCode(originalCode) && originalCode !== 'INTERNAL_SERVER_ERROR') return originalCode;
    if (TOO_MANY_TOKENS.test(formatted.message)) return 'QUERY_TOO_COMPLEX';
    return 'BAD_USER_INPUT';
  }
  return 'INTERNAL_SERVER_ERROR';
}

const NAME = '[_A-Za-z][_0-9A-Za-z]*';
/** A type reference as graphql-js prints it (`ID`, `[LocalDate!]!`): schema text, never a client value. */
const TYPE_REF = new RegExp(`^\\[*${NAME}!?(?:\\]!?)*$`);
/** What may stand between quotes in a kept message: a name, `$variable`, `@directive`, `Type.field` or a type. */
const SCHEMA_NAME = new RegExp(`^(?:[$@]?${NAME}(?:\\.${NAME})?|\\[*${NAME}!?(?:\\]!?)*)$`);

/**
 * Messages of the classes that quote a client value (syntax errors quote the token, coercion errors the value,
 * variable errors the JSON and its keys, an unknown operation its name) are replaced by fixed text that keeps
 * only schema names. Regex surgery inside such messages misses cases (a value containing `"; "`), so a
 * message is either one of these classes, or passes `isFreeOfValues`, or is replaced by its code's fixed text.
 */
const FIXED_TEXT: [RegExp, (m: RegExpExecArray) => string][] = [
  [TOO_MANY_TOKENS, (m) => `The query document is larger than the limit of ${m[1]} tokens`],
  [/^Syntax Error:/, () => 'Syntax error: the query document could not be parsed'],
  [new RegExp(`^Variable "\\$(${NAME})" (?:got|has) (?:an )?invalid value`), (m) => `Variable "$${m[1]}" has an invalid value`],
  [new RegExp(`^Argument "(${NAME})" has invalid value`), (m) => `Argument "${m[1]}" has an invalid value`],
  [/^Expected value of type "([^"]*)", found/, (m) => (TYPE_REF.test(m[1]!) ? `Invalid value for type "${m[1]}"` : 'Invalid value')],
  [/^Unknown operation named/, () => 'The operationName names no operation in the document'],
  // Scalars' own refusals (graphql-js's and graphql-scalars'): "Int cannot represent ...", "DateTime cannot represent ...".
  [new RegExp(`^(${NAME}) cannot (?:represent|be serialized)`), () => 'Invalid value for a scalar'],
  [/^Value is not (?:a valid|string)|^Can only validate/, () => 'Invalid value for a date or time'],
  [/^Enum "([^"]*)" cannot represent/, () => 'Invalid enum value'],
];

/** What a code says when its message could not be kept. */
const GENERIC: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'Not authenticated',
  FORBIDDEN: 'Not permitted',
  NOT_FOUND: 'Not found',
  BAD_USER_INPUT: 'The request is invalid',
  CONFLICT: 'The write conflicts with the current state of the record',
  QUERY_TOO_COMPLEX: 'The query exceeds the limits',
  SERVICE_UNAVAILABLE: 'A dependency is not available',
  INTERNAL_SERVER_ERROR: 'Internal server error',
};

export function safeMessage(message: string, code: ErrorCode = 'BAD_USER_INPUT', isDev = false): string {
  for (const [pattern, text] of FIXED_TEXT) {
    const m = pattern.exec(message);
    if (m) return text(m);
  }
  // Suggestions name schema elements a client cannot list while introspection is off.
  const kept = isDev ? message : message.replace(/\s*Did you mean .*$/s, '');
  return isFreeOfValues(kept) ? kept : GENERIC[code];
}

/**
 * True when every quoted part of a message is a schema name (`"Child"`, `"$id"`, `"Child.id"`, `"[ID!]"`,
 * `"@skip"`) and no value follows ", found", "got invalid value" or "value:" the way graphql-js appends one.
 */
function isFreeOfValues(message: string): boolean {
  if (/, found |\bgot invalid value|\bvalue: /i.test(message)) return false;
  for (const [, inner] of message.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    if (!SCHEMA_NAME.test(inner!)) return false;
  }
  return (message.match(/"/g)?.length ?? 0) % 2 === 0;
}

