import type { CodeOf, SCHOOL_TERM } from '@caregraph/schema';

export type Term = CodeOf<typeof SCHOOL_TERM>;
export const TERMS: readonly Term[] = ['AUTUMN', 'SPRING', 'SUMMER'];

/**
 * Typical term dates and session counts. Schools set their own dates, so these only place a term in time
 * (future-term checks, demo data); the 380 sessions are the statutory 190 school days, two sessions a day.
 */
const TERM_SHAPE: Record<Term, { start: string; end: string; sessions: number; nextYear: boolean }> = {
  AUTUMN: { start: '09-01', end: '12-20', sessions: 142, nextYear: false },
  SPRING: { start: '01-05', end: '03-31', sessions: 118, nextYear: true },
  SUMMER: { start: '04-15', end: '07-22', sessions: 120, nextYear: true },
};

const LABEL = /^(\d{4})\/(\d{2})$/;

/** '2025/26' -> 2025; null unless the second year follows the first. */
export function parseAcademicYear(label: string): number | null {
  const m = LABEL.exec(label);
  if (!m) return null;
  const first = Number(m[1]);
  return (first + 1) % 100 === Number(m[2]) ? first : null;
}

export const academicYearLabel = (startYear: number): string =>
  `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;

/** The academic year (1 September to 31 August) a date falls in, by its starting calendar year. */
export function academicYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '09-01' ? year : year - 1;
}

export function academicYearBounds(startYear: number): { start: string; end: string } {
  return { start: `${startYear}-09-01`, end: `${startYear + 1}-08-31` };
}

export function termDates(startYear: number, term: Term): { start: string; end: string; sessions: number } {
  const shape = TERM_SHAPE[term];
  const year = shape.nextYear ? startYear + 1 : startYear;
  return { start: `${year}-${shape.start}`, end: `${year}-${shape.end}`, sessions: shape.sessions };
}
