import { GraphQLError } from 'graphql';
import type { ErrorCode } from '@caregraph/schema';

/** A GraphQLError with one of the contract's codes; messages never include personal data. */
export class CodedError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export class BadUserInputError extends CodedError {
  /** `field` names the argument or input field at fault (a name, never its value). */
  constructor(message: string, field?: string) {
    super('BAD_USER_INPUT', message, field ? { field } : {});
  }
}

export class NotFoundError extends CodedError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

export class ConflictError extends CodedError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class ForbiddenError extends CodedError {
  constructor(message = 'Not permitted') {
    super('FORBIDDEN', message);
  }
}
