import { addCalendarMonths } from './subject-access-clock.js';

/**
 * How long a looked-after child's case record is kept (Care Planning, Placement and Case Review (England)
 * Regulations 2010, reg. 50; domain.md § 2.4): until the 75th anniversary of the date of birth, or, for a child who
 * died before turning 18, until 15 years after the date of death. A record on legal hold (an inquiry) is kept
 * whatever its date; that is the caller's to check. Dates are ISO calendar dates; a 29 February birthday's
 * anniversary in a common year is 28 February (the last day of that February).
 */
export function retainUntil(child: { dateOfBirth: string; dateOfDeath?: string | null }): string {
  const eighteenth = addCalendarMonths(child.dateOfBirth, 18 * 12);
  if (child.dateOfDeath) {
    if (child.dateOfDeath < child.dateOfBirth) throw new RangeError('dateOfDeath is before dateOfBirth');
    if (child.dateOfDeath < eighteenth) return addCalendarMonths(child.dateOfDeath, 15 * 12);
  }
  return addCalendarMonths(child.dateOfBirth, 75 * 12);
}

/** Whether the record may be disposed of on `today`: past its retention date and not on hold. */
export function dueForDisposal(child: { dateOfBirth: string; dateOfDeath?: string | null; onHold?: boolean }, today: string): boolean {
  return !child.onHold && today > retainUntil(child);
}
