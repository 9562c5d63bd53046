import { dueForDisposal, retainUntil } from '@caregraph/schema';

/**
 * Issue 13, "Retention and holds": the 75th birthday, or 15 years after death for a child who died under 18
 * (CPPCR (England) 2010 reg. 50, domain.md § 2.4). Expected dates worked out by hand.
 */
describe('retention date', () => {
  it('is the 75th birthday', () => {
    expect(retainUntil({ dateOfBirth: '2010-05-01' })).toBe('2085-05-01');
  });

  it('is 28 February of the 75th year for a 29 February birthday (2083 is not a leap year)', () => {
    expect(retainUntil({ dateOfBirth: '2008-02-29' })).toBe('2083-02-28');
  });

  it('is 15 years after death for a child who died under 18, and the 75th birthday for one who died at 18 or older', () => {
    expect(retainUntil({ dateOfBirth: '2010-05-01', dateOfDeath: '2020-03-15' })).toBe('2035-03-15');
    expect(retainUntil({ dateOfBirth: '2010-05-01', dateOfDeath: '2028-04-30' })).toBe('2043-04-30'); // the day before the 18th birthday
    expect(retainUntil({ dateOfBirth: '2010-05-01', dateOfDeath: '2028-05-01' })).toBe('2085-05-01'); // on the 18th birthday
  });

  it('refuses a death before birth', () => {
    expect(() => retainUntil({ dateOfBirth: '2010-05-01', dateOfDeath: '2009-01-01' })).toThrow(/before dateOfBirth/);
  });
});

describe('disposal', () => {
  it('is due the day after the retention date, never on hold', () => {
    const child = { dateOfBirth: '1950-06-10' }; // kept until 2025-06-10
    expect(dueForDisposal(child, '2025-06-10')).toBe(false);
    expect(dueForDisposal(child, '2025-06-11')).toBe(true);
    expect(dueForDisposal({ ...child, onHold: true }, '2030-01-01')).toBe(false);
  });
});
