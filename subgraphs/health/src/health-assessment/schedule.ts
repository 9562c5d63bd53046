/**
 * The statutory health assessment schedule (Promoting the health and well-being of looked-after children, 2015;
 * Care Planning Regulations 2010 reg 7): an initial assessment before the first review, within 20 working days of
 * becoming looked after; then a review every 6 months while the child is under 5 and every 12 months from 5.
 * Dates are YYYY-MM-DD strings throughout, as the date columns are.
 */

export interface AssessmentDates {
  dueOn: string;
  completedOn?: string | null;
}

const toDate = (date: string) => new Date(`${date}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Adds calendar months, clamping to the last day of a shorter month (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const d = toDate(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return iso(d);
}

/** Adds working days (Monday to Friday; bank holidays are not modelled). */
export function addWorkingDays(date: string, days: number): string {
  const d = toDate(date);
  for (let left = days; left > 0; ) {
    d.setUTCDate(d.getUTCDate() + 1);
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return iso(d);
}

/** The initial assessment is due 20 working days after the child starts to be looked after. */
export const initialAssessmentDue = (careStart: string) => addWorkingDays(careStart, 20);

/** Months to the next review after one done on `on`; the stricter 6 when the age is not known. */
export function reviewIntervalMonths(dateOfBirth: string | null | undefined, on: string): 6 | 12 {
  if (!dateOfBirth) return 6;
  return on < addMonths(dateOfBirth, 60) ? 6 : 12;
}

/**
 * The next date an assessment is due. An assessment recorded as due and not yet done counts, unless a later
 * completed one has overtaken it (a missed review is not due forever); otherwise the next review follows the
 * latest completed one. Null when nothing has been recorded, or when the next would fall on or after the
 * 18th birthday (the duty ends when the child leaves care, at 18 at the latest).
 */
export function nextAssessmentDue(assessments: readonly AssessmentDates[], dateOfBirth?: string | null): string | null {
  let lastDone: string | null = null;
  for (const a of assessments) if (a.completedOn && (lastDone == null || a.completedOn > lastDone)) lastDone = a.completedOn;
  let open: string | null = null;
  for (const a of assessments) {
    if (a.completedOn || (lastDone != null && a.dueOn <= lastDone)) continue;
    if (open == null || a.dueOn < open) open = a.dueOn;
  }
  if (open != null) return open;
  if (lastDone == null) return null;
  const next = addMonths(lastDone, reviewIntervalMonths(dateOfBirth, lastDone));
  return dateOfBirth && next >= addMonths(dateOfBirth, 18 * 12) ? null : next;
}

/** Done on or before the due date; false once overdue and not done; null while not done and not yet due. */
export function isOnTime(a: AssessmentDates, today: string): boolean | null {
  if (a.completedOn) return a.completedOn <= a.dueOn;
  return a.dueOn < today ? false : null;
}
