import { BadUserInputError } from '@caregraph/kit';

const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/;
/** Ofsted URNs: SC plus six digits for social care settings, six or seven digits for schools. */
const URN = /^(SC\d{6}|\d{6,7})$/;

/** A UK postcode, normalised to upper case with one space. */
export function parsePostcode(value: string, field: string): string {
  const m = POSTCODE.exec(value.trim().toUpperCase());
  if (!m) throw new BadUserInputError(`${field} is not a valid postcode`, field);
  return `${m[1]} ${m[2]}`;
}

export function parseUrn(value: string, field = 'urn'): string {
  const urn = value.trim().toUpperCase();
  if (!URN.test(urn)) throw new BadUserInputError(`${field} is not a valid Ofsted URN`, field);
  return urn;
}
