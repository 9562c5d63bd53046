import { BadUserInputError } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Hub ids are UUIDs; anything else is rejected before it reaches SQL. */
export function parseId(value: string, field = 'id'): string {
  if (!UUID.test(value)) throw new BadUserInputError(`${field} is not a valid id`, field);
  return value.toLowerCase();
}

export function isValidDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Today as YYYY-MM-DD (UTC), the upper bound for dates of things that have happened. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Checks an ordered pair of dates: the end, when given, is on or after the start, and neither is in the future. */
export function checkPeriod(start: string, end: string | null | undefined, fields = ['startDate', 'endDate']): void {
  if (start > today()) throw new BadUserInputError(`${fields[0]} is in the future`, fields[0]);
  if (end != null) {
    if (end < start) throw new BadUserInputError(`${fields[1]} is before ${fields[0]}`, fields[1]);
    if (end > today()) throw new BadUserInputError(`${fields[1]} is in the future`, fields[1]);
  }
}

/** Trims and bounds free text; empty text is an error. */
export function requireText(value: string, field: string, max = 10_000): string {
  const text = value.trim();
  if (text.length === 0) throw new BadUserInputError(`${field} is empty`, field);
  if (text.length > max) throw new BadUserInputError(`${field} is longer than ${max} characters`, field);
  return text;
}
