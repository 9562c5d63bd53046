import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isErrorCode } from '@caregraph/schema';
import { loggableError, type Logger } from './logger.js';

/** Apollo's own codes that mean "the request itself is malformed". */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Maps every error onto the contract's closed code list. Coercion messages echo the rejected value
 * ("got invalid value \"...\""), which may be personal data, so the value is cut out. Anything
 * unexpected is logged server-side and answered with a generic INTERNAL_SERVER_ERROR.
 */
export function createFormatError(log: Logger, isDev: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    // Outside development an error carries its code only: other extensions can hold internals (a stack, or the
    // gateway's `response` with a subgraph's URL and body when a subgraph call fails).
    const extensions = isDev ? { ...formatted.extensions } : { code };
    if (isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') {
      return { ...base, message: withoutEchoedValues(formatted.message), extensions };
    }
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      return { ...base, message: withoutEchoedValues(formatted.message), extensions: { ...extensions, code: 'BAD_USER_INPUT' } };
    }
    const original = unwrapResolverError(error);
    log.error({ err: loggableError(original), path: formatted.path }, 'unexpected error');
    return {
      ...base,
      message: isDev ? formatted.message : 'Internal server error',
      extensions: isDev ? { ...extensions, code: 'INTERNAL_SERVER_ERROR' } : { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

export function withoutEchoedValues(message: string): string {
  return message
    .replace(/got invalid value .*?; /gs, 'got an invalid value; ')
    .replace(/\b(Value|value|found) "(?:[^"\\]|\\.)*"/g, '$1')
    .replace(/(cannot represent[^:]*): .*$/is, '$1')
    .replace(/(Value is not a valid [A-Za-z]+):.*$/s, '$1')
    .replace(/(Expected value of type "[^"]+"), found [^;]*/g, '$1');
}
