import { addCalendarMonths, subjectAccessClock } from '@caregraph/schema';

/**
 * Issue 13, acceptance 1: the statutory clock on awkward dates, with an extension and a pause. Every expected date
 * is worked out by hand from the ICO's rule (domain.md § 2.3): one calendar month to the corresponding date, the
 * last day of the month when there is none; an extension of up to two further months decided within the first;
 * the clock stopped while clarification or identity is awaited.
 */
describe('one calendar month after receipt', () => {
  it.each([
    ['2026-01-31', '2026-02-28'], // no 31 February: the last day of February
    ['2028-01-31', '2028-02-29'], // a leap year
    ['2028-02-29', '2028-03-29'],
    ['2026-03-31', '2026-04-30'], // no 31 April
    ['2026-11-30', '2026-12-30'],
    ['2026-12-31', '2027-01-31'], // across the year
    ['2026-09-03', '2026-10-03'], // the ICO's own example: 3 September, due 3 October
  ])('received %s: due %s', (received, due) => {
    expect(subjectAccessClock({ receivedOn: received }, received).dueOn).toBe(due);
  });
});

describe('extension', () => {
  it('by two further months, counted from receipt the same way', () => {
    const clock = subjectAccessClock({ receivedOn: '2026-01-31', extension: { months: 2, decidedOn: '2026-02-20', reason: 'Complex: records held in three archives' } }, '2026-02-21');
    expect(clock).toMatchObject({ firstDueOn: '2026-02-28', dueOn: '2026-04-30' }); // no 31 April
  });

  it('by one further month', () => {
    expect(subjectAccessClock({ receivedOn: '2026-03-31', extension: { months: 1, decidedOn: '2026-04-30', reason: 'Several requests' } }, '2026-05-01').dueOn).toBe('2026-05-31');
  });

  it('is refused after the first month, for three months, or without a reason', () => {
    expect(() => subjectAccessClock({ receivedOn: '2026-11-30', extension: { months: 2, decidedOn: '2026-12-31', reason: 'Late' } }, '2027-01-01')).toThrow(/within the first month/);
    expect(() => subjectAccessClock({ receivedOn: '2026-11-30', extension: { months: 3 as 2, decidedOn: '2026-12-01', reason: 'Long' } }, '2026-12-02')).toThrow(/1 or 2/);
    expect(() => subjectAccessClock({ receivedOn: '2026-11-30', extension: { months: 1, decidedOn: '2026-12-01', reason: ' ' } }, '2026-12-02')).toThrow(/reason/);
  });
});

describe('pauses while clarification or identity is awaited', () => {
  it('move the due date by the days the clock was stopped', () => {
    // Due 30 December; stopped 5-15 December (10 days): due 9 January.
    const clock = subjectAccessClock({ receivedOn: '2026-11-30', pauses: [{ from: '2026-12-05', to: '2026-12-15' }] }, '2026-12-20');
    expect(clock).toMatchObject({ firstDueOn: '2026-12-30', dueOn: '2027-01-09', pausedDays: 10 });
  });

  it('with an extension: both apply, and the first month is counted with the pause', () => {
    // Received 31 January: first due 28 February, stopped 10-20 February (10 days), so the first month ends 10 March;
    // extended on 5 March by two months: 30 April + 10 days = 10 May.
    const clock = subjectAccessClock({
      receivedOn: '2026-01-31', pauses: [{ from: '2026-02-10', to: '2026-02-20' }],
      extension: { months: 2, decidedOn: '2026-03-05', reason: 'Complex' },
    }, '2026-03-06');
    expect(clock).toMatchObject({ dueOn: '2026-05-10', pausedDays: 10, status: 'on track' });
  });

  it('leaves the due date open while a pause is open', () => {
    const clock = subjectAccessClock({ receivedOn: '2026-11-30', pauses: [{ from: '2026-12-05' }] }, '2026-12-08');
    expect(clock).toMatchObject({ dueOn: null, pausedDays: 3, status: 'paused' });
  });

  it('refuses a history that cannot be: a pause before receipt, overlapping, or ending before it starts', () => {
    expect(() => subjectAccessClock({ receivedOn: '2026-11-30', pauses: [{ from: '2026-11-29', to: '2026-12-01' }] }, '2026-12-02')).toThrow(/before receipt/);
    expect(() => subjectAccessClock({ receivedOn: '2026-11-30', pauses: [{ from: '2026-12-05', to: '2026-12-10' }, { from: '2026-12-08', to: '2026-12-12' }] }, '2026-12-20')).toThrow(/previous pause/);
    expect(() => subjectAccessClock({ receivedOn: '2026-11-30', pauses: [{ from: '2026-12-05', to: '2026-12-01' }] }, '2026-12-20')).toThrow(/ends before/);
  });
});

describe('the records team’s queue', () => {
  it('marks a request at risk in its last seven days and overdue after its due date', () => {
    const request = { receivedOn: '2026-11-30' }; // due 30 December
    expect(subjectAccessClock(request, '2026-12-22').status).toBe('on track');
    expect(subjectAccessClock(request, '2026-12-23').status).toBe('at risk');
    expect(subjectAccessClock(request, '2026-12-30').status).toBe('at risk');
    expect(subjectAccessClock(request, '2026-12-31').status).toBe('overdue');
  });

  it('refuses dates that are not calendar dates, naming the field only', () => {
    for (const bad of ['2026-02-30', '2026-13-01', 'yesterday']) {
      expect(() => subjectAccessClock({ receivedOn: bad }, '2026-12-01')).toThrow(/^receivedOn is not a calendar date$/);
    }
    expect(addCalendarMonths('2026-08-31', 6)).toBe('2027-02-28');
  });
});
