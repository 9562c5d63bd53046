import { BadUserInputError } from '@caregraph/kit';

const URN = /^\d{6}$/;

/** DfE school URNs are six digits; anything else is rejected before it reaches SQL. */
export function parseUrn(value: string, field = 'urn'): string {
  if (!URN.test(value)) throw new BadUserInputError(`${field} is not a valid URN`, field);
  return value;
}
