import fc from 'fast-check';
import { parseDate, formatDate } from '../../scripts/src/ssda903/dates.js';
import { readCsv } from '../../scripts/src/ssda903/read.js';
import { checkChain, validateReturn } from '../../scripts/src/ssda903/validate.js';
import type { Episode903 } from '../../scripts/src/ssda903/model.js';

// Written out here from domain.md § 1.1, not taken from the code under test.
const ETHNIC = ['WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT'];
const LEGAL_STATUS = ['C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'L1', 'L2', 'L3', 'J1', 'J2', 'J3'];
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const header = (values: Partial<Record<string, string>>) =>
  `CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n${['C1', 'F', '01/05/2012', 'WBRI', 'A123456789012', '', ''].map((v, i) => values[['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'][i]!] ?? v).join(',')}\n`;
const codesOf = (csv: string) => validateReturn({ ...readCsv('header.csv', csv), format: 'csv' }, { yearEnd: '2025-03-31' }).issues.map((i) => `${i.column}:${i.code}`);

describe('SSDA903 dates (dd/mm/yyyy)', () => {
  it('accepts exactly the real calendar dates', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1900, max: 2100 }), (d, m, y) => {
      const real = d <= (m === 2 && leap(y) ? 29 : MONTH_DAYS[m - 1]!);
      const parsed = parseDate(`${pad(d)}/${pad(m)}/${y}`);
      expect(parsed).toBe(real ? `${y}-${pad(m)}-${pad(d)}` : null);
    }));
  });

  it('round-trips through its own format', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (date) => {
      const iso = date.toISOString().slice(0, 10);
      expect(parseDate(formatDate(iso))).toBe(iso);
    }));
  });

  it('refuses other forms: ISO, two-digit years, words, month 13', () => {
    for (const bad of ['2024-05-01', '01/05/24', '1st May 2024', '01/13/2024', '00/01/2024', '01-05-2024', '']) expect(parseDate(bad)).toBeNull();
    fc.assert(fc.property(fc.string(), (s) => {
      if (!/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(s)) expect(parseDate(s)).toBeNull();
    }));
  });

  it('a header date of birth that is not a date is reported on its row and column, never quoted', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[,"\n\r]/.test(s) && s.trim() !== '' && parseDate(s.trim()) == null && !/^\d+$|^(C1|DOB|header\.csv|INVALID_DATE)$/.test(s.trim())), (s) => {
      const issues = validateReturn({ ...readCsv('header.csv', header({ DOB: s })), format: 'csv' }, { yearEnd: '2025-03-31' }).issues;
      expect(issues.map((i) => `${i.line}:${i.column}:${i.code}`)).toContain('2:DOB:INVALID_DATE');
      // The message is the code's own text, the same whatever the value was; no other field carries the value.
      const reference = validateReturn({ ...readCsv('header.csv', header({ DOB: 'x' })), format: 'csv' }, { yearEnd: '2025-03-31' }).issues;
      expect(issues.map((i) => i.message)).toEqual(reference.map((i) => i.message));
      for (const i of issues) expect([i.file, i.column, i.code, String(i.line), i.child]).not.toContain(s.trim());
    }));
  });
});

describe('SSDA903 codes', () => {
  it('ETHNIC: unknown exactly when not one of the 20 DfE codes', () => {
    fc.assert(fc.property(fc.oneof(fc.constantFrom(...ETHNIC), fc.stringMatching(/^[A-Z]{3,5}$/)), (code) => {
      expect(codesOf(header({ ETHNIC: code })).includes('ETHNIC:UNKNOWN_CODE')).toBe(!ETHNIC.includes(code));
    }));
  });

  it('LS: unknown exactly when not one of the 13 DfE legal statuses', () => {
    fc.assert(fc.property(fc.oneof(fc.constantFrom(...LEGAL_STATUS), fc.stringMatching(/^[A-Z][0-9]$/)), (ls) => {
      const read = readCsv('episodes.csv', `CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nC1,01/06/2024,S,${ls},N1,U4,PR1,,,,,,\n`);
      const h = readCsv('header.csv', header({ DOB: '01/05/2000' }));
      const issues = validateReturn({ rows: [...h.rows, ...read.rows], issues: [], format: 'csv' }, { yearEnd: '2025-03-31' }).issues;
      expect(issues.some((i) => i.column === 'LS' && i.code === 'UNKNOWN_CODE')).toBe(!LEGAL_STATUS.includes(ls));
    }));
  });

  it('SEX 1/2 (until 2023/24) and M/F/U (from 2024/25) are both accepted; anything else is not', () => {
    for (const sex of ['1', '2', 'M', 'F', 'U']) expect(codesOf(header({ SEX: sex }))).toEqual([]);
    for (const sex of ['3', 'X', 'male']) expect(codesOf(header({ SEX: sex }))).toContain('SEX:UNKNOWN_CODE');
  });
});

/** A consistent chain: each episode starts the day the previous ended (REC X1), the last open or ended for good. */
const chainArb = fc
  .record({
    start: fc.integer({ min: 0, max: 3000 }),
    steps: fc.array(fc.record({ days: fc.integer({ min: 1, max: 400 }), kind: fc.constantFrom('P', 'T', 'B', 'U', 'L') }), { minLength: 1, maxLength: 8 }),
    open: fc.boolean(),
  })
  .map(({ start, steps, open }) => {
    const day = (n: number) => new Date(Date.UTC(2010, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    const eps: Episode903[] = [];
    let at = start;
    let ls = 'C1';
    let place = 'U4';
    steps.forEach((s, i) => {
      const rne = i === 0 ? 'S' : s.kind;
      if (rne === 'L' || rne === 'B' || rne === 'U') ls = ls === 'C1' ? 'C2' : 'C1';
      if (rne !== 'L' && i > 0) place = place === 'U4' ? 'U6' : 'U4';
      eps.push({ file: 'episodes.csv', line: i + 2, start: day(at), rne, ls, cin: 'N1', place, provider: 'PR1', end: day(at + s.days), rec: 'X1', reasonPlaceChange: null, homePostcode: null, placementPostcode: null, urn: null });
      at += s.days;
    });
    const last = eps.at(-1)!;
    if (open) {
      last.end = null;
      last.rec = null;
    } else last.rec = 'E8';
    return eps;
  });

describe('SSDA903 episode chains', () => {
  it('a consistent chain has no issue', () => {
    fc.assert(fc.property(chainArb, (eps) => expect(checkChain(eps, 'C1')).toEqual([])));
  });

  it('a day lost after X1 is reported on both episodes', () => {
    fc.assert(fc.property(chainArb.filter((e) => e.length > 1), fc.nat(), fc.integer({ min: 1, max: 30 }), (eps, pick, gap) => {
      const i = 1 + (pick % (eps.length - 1));
      const e = eps[i]!;
      if (e.end != null && gap >= (Date.parse(e.end) - Date.parse(e.start)) / 86_400_000) return;
      e.start = new Date(Date.parse(e.start) + gap * 86_400_000).toISOString().slice(0, 10);
      const codes = checkChain(eps, 'C1').map((x) => `${x.line}:${x.column}:${x.code}`);
      expect(codes).toContain(`${i + 1}:REC:CHAIN_X1_WITHOUT_NEXT`);
      expect(codes).toContain(`${i + 2}:RNE:CHAIN_GAP_NOT_S`);
    }));
  });

  it('an episode that starts before the previous one ended overlaps', () => {
    fc.assert(fc.property(chainArb.filter((e) => e.length > 1 && e[0]!.end != null && e[0]!.end > e[0]!.start), (eps) => {
      eps[1]!.start = eps[0]!.start < eps[0]!.end! ? new Date(Date.parse(eps[0]!.end!) - 86_400_000).toISOString().slice(0, 10) : eps[1]!.start;
      if (eps[1]!.start <= eps[0]!.start) return;
      expect(checkChain(eps, 'C1').map((x) => x.code)).toContain('CHAIN_OVERLAP');
    }));
  });

  it('only the latest episode may be open', () => {
    fc.assert(fc.property(chainArb.filter((e) => e.length > 1), fc.nat(), (eps, pick) => {
      const i = pick % (eps.length - 1);
      eps[i]!.end = null;
      eps[i]!.rec = null;
      expect(checkChain(eps, 'C1').map((x) => `${x.line}:${x.code}`)).toContain(`${i + 2}:CHAIN_OPEN_NOT_LAST`);
    }));
  });

  it('RNE L needs a change of legal status and the same placement; S cannot follow X1', () => {
    fc.assert(fc.property(chainArb.filter((e) => e.length > 1), fc.nat(), fc.constantFrom('S', 'L'), (eps, pick, rne) => {
      const i = 1 + (pick % (eps.length - 1));
      const was = eps[i]!.rne;
      eps[i]!.rne = rne;
      const codes = checkChain(eps, 'C1').map((x) => x.code);
      if (rne === 'S') expect(codes).toContain('CHAIN_S_AFTER_X1');
      // The generated chain moves placement at every P, T, B and U: calling such a move L is wrong.
      else if (was !== 'L') expect(codes).toContain('CHAIN_RNE_L_CHANGED_PLACE');
    }));
  });
});

describe('SSDA903 collection year and spelling', () => {
  const E = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n';
  const run = (episodes: string) => {
    const h = readCsv('header.csv', header({ DOB: '01/05/2010' }));
    const e = readCsv('episodes.csv', E + episodes);
    return validateReturn({ rows: [...h.rows, ...e.rows], issues: [], format: 'csv' }, { today: '2026-11-29' });
  };

  it('a mistyped future date does not move the collection year: it is reported as after the year', () => {
    const v = run('C1,01/06/2024,S,C2,N1,U4,PR1,01/09/2024,X1,CARPL,,,\nC1,01/09/2024,P,C2,N1,U6,PR1,01/09/2205,E8,,,,\n');
    expect(v.yearEnd).toBe('2025-03-31');
    expect(v.issues.map((i) => `${i.line}:${i.column}:${i.code}`)).toEqual(['3:DEC:DATE_IN_FUTURE']);
  });

  it('codes are spelt as the DfE lists spell them', () => {
    const v = run('C1,01/06/2024,s,c2,N1,U4,PR1,,,,,,\n');
    expect(v.issues.map((i) => `${i.column}:${i.code}`)).toEqual(['RNE:UNKNOWN_CODE', 'LS:UNKNOWN_CODE']);
  });
});
