import { BadUserInputError } from '@caregraph/kit';

const CARER_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

/** Carer ids are sign-in subjects (e.g. carer-001), not UUIDs; anything else is rejected before it reaches SQL. */
export function parseCarerId(value: string, field = 'id'): string {
  if (!CARER_ID.test(value)) throw new BadUserInputError(`${field} is not a valid carer id`, field);
  return value;
}
