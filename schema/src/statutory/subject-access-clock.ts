/**
 * The statutory clock of a subject access request (UK GDPR art. 12(3), ICO guidance; domain.md § 2.3):
 * - due one calendar month after receipt, on the corresponding date, or the last day of the next month when that
 *   month has no such date (received 31 January: due 28 or 29 February);
 * - extendable once, by one or two further months (counted from receipt the same way), with a reason, decided
 *   within the first month so the requester can be told in time;
 * - stopped while clarification or identity is awaited (Data (Use and Access) Act 2025): every day the clock was
 *   stopped moves the due date by a day. A pause still open means the due date is not yet known.
 * Dates are ISO calendar dates (`YYYY-MM-DD`); the ICO's "next working day" for a due date at a weekend or bank
 * holiday is not applied, so the date given is never later than the law's.
 */

export interface ClockPause {
  /** The day the clock stopped (the request for clarification or identity was sent). */
  from: string;
  /** The day it started again (the answer arrived); none while it is still stopped. */
  to?: string | null;
}

export interface ClockExtension {
  months: 1 | 2;
  /** The day the extension was decided and the requester told, with its reason. */
  decidedOn: string;
  reason: string;
}

export interface SubjectAccessClock {
  /** One calendar month after receipt, before pauses and extension. */
  firstDueOn: string;
  /** The due date now: after the extension and every closed pause; null while a pause is open. */
  dueOn: string | null;
  /** Days the clock was stopped (closed pauses, and an open one up to `today`). */
  pausedDays: number;
  status: 'paused' | 'on track' | 'at risk' | 'overdue';
}

/** Days before the due date from which a request is marked at risk in the records team's queue. */
export const AT_RISK_DAYS = 7;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as a UTC day number; refuses anything that is not a real date. */
function dayOf(date: string, field: string): number {
  const m = ISO.exec(date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) throw new RangeError(`${field} is not a calendar date`);
  return d.getTime() / 86_400_000;
}

const dateOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** The corresponding date `months` calendar months later; the last day of that month when it has no such date. */
export function addCalendarMonths(date: string, months: number): string {
  dayOf(date, 'date');
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The clock of one request as of `today`. A RangeError names what is wrong with the history (never a value). */
export function subjectAccessClock(request: { receivedOn: string; pauses?: readonly ClockPause[]; extension?: ClockExtension | null }, today: string): SubjectAccessClock {
  const received = dayOf(request.receivedOn, 'receivedOn');
  const now = dayOf(today, 'today');
  const firstDueOn = addCalendarMonths(request.receivedOn, 1);
  let pausedDays = 0;
  let open = false;
  let previousEnd = received;
  for (const [i, pause] of (request.pauses ?? []).entries()) {
    const from = dayOf(pause.from, `pauses[${i}].from`);
    if (open) throw new RangeError(`pauses[${i}] starts while an earlier pause is still open`);
    if (from < previousEnd) throw new RangeError(`pauses[${i}] starts before receipt or before the previous pause ended`);
    if (pause.to == null) {
      open = true;
      pausedDays += Math.max(0, now - from);
      continue;
    }
    const to = dayOf(pause.to, `pauses[${i}].to`);
    if (to < from) throw new RangeError(`pauses[${i}] ends before it starts`);
    pausedDays += to - from;
    previousEnd = to;
  }
  const extension = request.extension;
  let due = dayOf(firstDueOn, 'firstDueOn');
  if (extension) {
    if (extension.months !== 1 && extension.months !== 2) throw new RangeError('extension.months must be 1 or 2');
    if (!extension.reason.trim()) throw new RangeError('extension.reason is required');
    const decided = dayOf(extension.decidedOn, 'extension.decidedOn');
    // Within the first month: by the due date as it stood then (the original month, moved by closed pauses).
    if (decided < received || decided > due + pausedDays) throw new RangeError('extension.decidedOn must fall within the first month');
    due = dayOf(addCalendarMonths(request.receivedOn, 1 + extension.months), 'extendedDueOn');
  }
  due += pausedDays;
  const status = open ? 'paused' : now > due ? 'overdue' : due - now <= AT_RISK_DAYS ? 'at risk' : 'on track';
  return { firstDueOn, dueOn: open ? null : dateOf(due), pausedDays, status };
}
