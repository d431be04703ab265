import { patientYears } from './annualised-relapse-rate';
import { lastFollowUp, observedWindow } from './person-time';

describe('person-time — outcomes.md §2: start of observation to the earlier of period end and last follow-up', () => {
  const enrolment = '2024-01-01';
  const assessmentDates = ['2024-04-01', '2024-10-01', '2024-07-01'];

  it.each([
    // [why, ended, expected last follow-up]
    ['still enrolled: the last assessment (2024-10-01, whatever the input order)', undefined, '2024-10-01'],
    ['withdrawn on 2024-08-15: the withdrawal date', { reason: 'withdrawn', date: '2024-08-15' }, '2024-08-15'],
    ['completed on 2025-01-01: the completion date', { reason: 'completed', date: '2025-01-01' }, '2025-01-01'],
    [
      'lost to follow-up, recorded 2025-03-01: the last assessment 2024-10-01',
      { reason: 'lost-to-follow-up', date: '2025-03-01' },
      '2024-10-01',
    ],
    [
      'lost to follow-up recorded 2024-09-01, before a later scan date: never after the recorded loss',
      { reason: 'lost-to-follow-up', date: '2024-09-01' },
      '2024-09-01',
    ],
  ] as const)('%s', (_why, ended, expected) => {
    expect(lastFollowUp({ enrolment, ended, assessmentDates })).toBe(expected);
  });

  it('no assessment yet: last follow-up = enrolment, 0 patient-years', () => {
    expect(lastFollowUp({ enrolment, assessmentDates: [] })).toBe(enrolment);
    expect(observedWindow({ enrolment, assessmentDates: [] }, { from: '2023-01-01', to: '2025-12-31' })).toEqual({
      from: enrolment,
      to: enrolment,
    });
  });

  it('the period end cuts before the last follow-up; the period start after enrolment', () => {
    // [2024-03-01, 2024-06-30] inside [2024-01-01, 2024-10-01] → the period itself;
    // 2024-03-01 → 04-01 is 31 days, → 05-01 61, → 06-01 92, → 06-30 92 + 29 = 121 days.
    const w = observedWindow({ enrolment, assessmentDates }, { from: '2024-03-01', to: '2024-06-30' });
    expect(w).toEqual({ from: '2024-03-01', to: '2024-06-30' });
    expect(patientYears(w!.from, w!.to)).toBeCloseTo(121 / 365.25, 12);
  });

  it('person-time ends at the last follow-up, not at the period end', () => {
    // Period 2024-01-01 … 2025-12-31, last assessment 2024-10-01: 2024-10-01 − 2024-01-01 = 274 days (2024 is leap:
    // Jan 31 + Feb 29 + Mar 31 + Apr 30 + May 31 + Jun 30 + Jul 31 + Aug 31 + Sep 30 = 274) → 274 / 365.25 years.
    const w = observedWindow({ enrolment, assessmentDates }, { from: '2024-01-01', to: '2025-12-31' });
    expect(w).toEqual({ from: '2024-01-01', to: '2024-10-01' });
    expect(patientYears(w!.from, w!.to)).toBeCloseTo(274 / 365.25, 12);
  });

  it('follow-up ended before the period: not observed in it', () => {
    expect(observedWindow({ enrolment, assessmentDates }, { from: '2024-10-02', to: '2025-12-31' })).toBeUndefined();
    // The last follow-up day itself is a period of 0 days (observed, no time).
    expect(observedWindow({ enrolment, assessmentDates }, { from: '2024-10-01', to: '2025-12-31' })).toEqual({
      from: '2024-10-01',
      to: '2024-10-01',
    });
  });
});
