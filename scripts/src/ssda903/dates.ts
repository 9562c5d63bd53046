/** SSDA903 dates: `dd/mm/yyyy` (one-digit day or month tolerated, as the DfE validator reads them). */
const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `dd/mm/yyyy` → `YYYY-MM-DD`, or null when it is not a real calendar date in that form. */
export function parseDate(text: string): string | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > days) return null;
  return `${m[3]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`. */
export function formatDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** The last day (31 March) of the collection year a date falls in (1 April to 31 March). */
export function collectionYearEnd(iso: string): string {
  const year = Number(iso.slice(0, 4));
  return iso.slice(5) <= '03-31' ? `${year}-03-31` : `${year + 1}-03-31`;
}

export function addYears(iso: string, years: number): string {
  return `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;
}
