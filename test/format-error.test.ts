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
