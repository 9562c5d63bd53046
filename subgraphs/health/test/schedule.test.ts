import { addMonths, addWorkingDays, initialAssessmentDue, isOnTime, nextAssessmentDue } from '../src/health-assessment/schedule.js';

describe('health assessment schedule', () => {
  it('adds months, clamping to the end of a shorter month', () => {
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2024-01-15', 12)).toBe('2025-01-15');
  });

  it('counts 20 working days for the initial assessment', () => {
    expect(addWorkingDays('2026-01-02', 1)).toBe('2026-01-05'); // Friday -> Monday
    expect(initialAssessmentDue('2026-01-05')).toBe('2026-02-02');
  });

  const dob = '2022-03-01';
  it('schedules the next review 6 months after the latest under 5, 12 months from 5', () => {
    expect(nextAssessmentDue([{ dueOn: '2024-01-10', completedOn: '2024-01-05' }], dob)).toBe('2024-07-05');
    expect(nextAssessmentDue([{ dueOn: '2027-03-10', completedOn: '2027-03-05' }], dob)).toBe('2028-03-05');
    // Age unknown: the stricter interval.
    expect(nextAssessmentDue([{ dueOn: '2027-03-10', completedOn: '2027-03-05' }], null)).toBe('2027-09-05');
  });

  it('prefers an assessment recorded as due, but not one a later completed assessment overtook', () => {
    const history = [
      { dueOn: '2024-01-10', completedOn: '2024-01-05' },
      { dueOn: '2024-07-10', completedOn: null }, // missed
      { dueOn: '2025-01-10', completedOn: '2025-01-20' },
    ];
    expect(nextAssessmentDue(history, dob)).toBe('2025-07-20');
    expect(nextAssessmentDue([...history, { dueOn: '2025-07-01', completedOn: null }], dob)).toBe('2025-07-01');
    expect(nextAssessmentDue([{ dueOn: '2026-05-01', completedOn: null }], dob)).toBe('2026-05-01');
  });

  it('has nothing due with no history, or from the 18th birthday', () => {
    expect(nextAssessmentDue([], dob)).toBeNull();
    expect(nextAssessmentDue([{ dueOn: '2039-06-01', completedOn: '2039-06-01' }], '2021-09-01')).toBeNull();
  });

  it('is on time when done by the due date, late once overdue, undecided before', () => {
    expect(isOnTime({ dueOn: '2026-01-10', completedOn: '2026-01-10' }, '2026-06-01')).toBe(true);
    expect(isOnTime({ dueOn: '2026-01-10', completedOn: '2026-01-11' }, '2026-06-01')).toBe(false);
    expect(isOnTime({ dueOn: '2026-01-10', completedOn: null }, '2026-06-01')).toBe(false);
    expect(isOnTime({ dueOn: '2026-07-10', completedOn: null }, '2026-06-01')).toBeNull();
  });
});
