import { GraphQLError } from 'graphql';
import { createFormatError, createLogger } from '@caregraph/kit';

/** What an error may carry to a client: its code, and nothing internal outside development. */
const log = createLogger('format-error-test', 'silent');

it('keeps only the code outside development (a failed subgraph call carries its URL and body)', () => {
  const failed = new GraphQLError('401: Unauthorized', {
    extensions: { code: 'UNAUTHENTICATED', response: { url: 'http://10.0.0.7:4001/graphql', status: 401, body: { errors: [] } }, stacktrace: ['at x'] },
  });
  const formatted = createFormatError(log, false)(failed.toJSON(), failed);
  expect(formatted.extensions).toEqual({ code: 'UNAUTHENTICATED' });
  expect(JSON.stringify(formatted)).not.toContain('10.0.0.7');
});

it('maps request errors to BAD_USER_INPUT, with the code only', () => {
  const invalid = new GraphQLError('Variable "$id" got invalid value "Jane Doe"; ID cannot represent value', { extensions: { code: 'BAD_USER_INPUT', extra: 1 } });
  const formatted = createFormatError(log, false)(invalid.toJSON(), invalid);
  expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  expect(formatted.message).not.toContain('Jane Doe');
});

it('keeps every extension in development', () => {
  const failed = new GraphQLError('401: Unauthorized', { extensions: { code: 'UNAUTHENTICATED', response: { status: 401 } } });
  expect(createFormatError(log, true)(failed.toJSON(), failed).extensions).toEqual({ code: 'UNAUTHENTICATED', response: { status: 401 } });
});

describe('no message quotes a client value (fixed text for the classes that would)', () => {
  const format = (message: string, code: string, originalError?: Error) => {
    const error = new GraphQLError(message, { extensions: { code }, originalError });
    return createFormatError(log, false)(error.toJSON(), error);
  };

  it.each([
    ['a variable whose value contains "; "', 'Variable "$n" got invalid value "x\\"; Jane Doe"; Int cannot represent non-integer value: "x\\"; Jane Doe"', 'BAD_USER_INPUT', 'Variable "$n" has an invalid value'],
    ["a variable whose object key is the client's", 'Variable "$f" got invalid value { Jane Doe: 1 } at "f.Jane Doe"; Field "Jane Doe" is not defined by type "ChildFilter".', 'BAD_USER_INPUT', 'Variable "$f" has an invalid value'],
    ['a syntax error quoting a string', 'Syntax Error: Expected Name, found String "Jane Doe".', 'GRAPHQL_PARSE_FAILED', 'Syntax error: the query document could not be parsed'],
    ['a literal of a custom scalar', 'Expected value of type "LocalDate", found "2026-02-30"; Value is not a valid LocalDate: 2026-02-30', 'GRAPHQL_VALIDATION_FAILED', 'Invalid value for type "LocalDate"'],
    ["a scalar's own refusal", 'DateTime cannot represent an invalid date-time-string Jane Doe.', 'GRAPHQL_VALIDATION_FAILED', 'Invalid value for a scalar'],
    ['an argument at execution', 'Argument "id" has invalid value "Jane Doe".', 'BAD_USER_INPUT', 'Argument "id" has an invalid value'],
    ['an unknown operation name', 'Unknown operation named "Jane Doe".', 'OPERATION_RESOLUTION_FAILURE', 'The operationName names no operation in the document'],
    ['an unknown class quoting something that is not a name', 'Something about "Jane Doe" went wrong', 'BAD_USER_INPUT', 'The request is invalid'],
    ['an unknown class with a value after "value:"', 'Bad value: Jane Doe', 'CONFLICT', 'The write conflicts with the current state of the record'],
  ])('%s', (_, message, code, expected) => {
    const formatted = format(message, code);
    expect(formatted.message).toBe(expected);
    expect(formatted.message).not.toContain('Jane');
    expect(formatted.extensions?.code).toBe(code === 'CONFLICT' ? 'CONFLICT' : 'BAD_USER_INPUT');
  });

  it('keeps messages that name only schema elements, without suggestions', () => {
    expect(format('Cannot query field "legalGivenNam" on type "Child". Did you mean "legalGivenName"?', 'GRAPHQL_VALIDATION_FAILED').message).toBe(
      'Cannot query field "legalGivenNam" on type "Child".',
    );
    expect(format('Variable "$id" of required type "ID!" was not provided.', 'BAD_USER_INPUT').message).toBe('Variable "$id" of required type "ID!" was not provided.');
    expect(format('first must be between 1 and 100', 'BAD_USER_INPUT').message).toBe('first must be between 1 and 100');
  });

  it('reads a limit refusal back from the validation error Apollo wraps it in', () => {
    const limit = new GraphQLError('The query is nested deeper than the limit of 10 levels', { extensions: { code: 'QUERY_TOO_COMPLEX' } });
    const formatted = format(limit.message, 'GRAPHQL_VALIDATION_FAILED', limit);
    expect(formatted).toMatchObject({ message: 'The query is nested deeper than the limit of 10 levels', extensions: { code: 'QUERY_TOO_COMPLEX' } });
  });

  it("codes graphql-js's token limit QUERY_TOO_COMPLEX", () => {
    expect(format('Syntax Error: Document contains more that 1000 tokens. Parsing aborted.', 'GRAPHQL_PARSE_FAILED')).toMatchObject({
      message: 'The query document is larger than the limit of 1000 tokens',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
  });

  it('answers a persisted query with the text Apollo Client looks for, coded BAD_USER_INPUT', () => {
    expect(format('PersistedQueryNotSupported', 'PERSISTED_QUERY_NOT_SUPPORTED')).toMatchObject({ message: 'PersistedQueryNotSupported', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
