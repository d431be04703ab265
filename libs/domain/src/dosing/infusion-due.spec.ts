import { builtIn } from './test-helpers';
import { infusionDue, infusionToleranceOf } from './infusion-due';

// Expected values worked out by hand: due = last + weeks × 7 days (docs/science/protocols.md A7); the tolerance is the
// A7 "daysAfter" of the protocol file (3 days in pdnms-v1.json and fixed-q6w.json, status unconfirmed).
describe('infusionDue — next infusion due and overdue (A7)', () => {
  const pdnms = infusionToleranceOf(builtIn('pdnms'));
  const q6w = infusionToleranceOf(builtIn('fixed-q6w'));

  it('reads the A7 tolerance from the protocol file, with its unconfirmed status', () => {
    expect(pdnms).toEqual({ daysAfter: 3, status: 'unconfirmed' });
    expect(q6w).toEqual({ daysAfter: 3, status: 'unconfirmed' });
  });

  it.each`
    case                                          | last            | weeks | asOf            | tol      | nextDue         | lateAfter       | overdue  | daysOverdue
    ${'Q4W start, well before due'}               | ${'2025-01-06'} | ${4}  | ${'2025-01-20'} | ${pdnms} | ${'2025-02-03'} | ${'2025-02-06'} | ${false} | ${0}
    ${'Q6W: 6 Jan + 42 d, last day of tolerance'} | ${'2025-01-06'} | ${6}  | ${'2025-02-20'} | ${pdnms} | ${'2025-02-17'} | ${'2025-02-20'} | ${false} | ${0}
    ${'Q6W: first day past the tolerance'}        | ${'2025-01-06'} | ${6}  | ${'2025-02-21'} | ${pdnms} | ${'2025-02-17'} | ${'2025-02-20'} | ${true}  | ${1}
    ${'leap year: 1 Feb 2024 + 28 d = 29 Feb'}    | ${'2024-02-01'} | ${4}  | ${'2024-03-10'} | ${pdnms} | ${'2024-02-29'} | ${'2024-03-03'} | ${true}  | ${7}
    ${'A6 maximum 8 weeks across the year end'}   | ${'2025-12-15'} | ${8}  | ${'2026-02-12'} | ${pdnms} | ${'2026-02-09'} | ${'2026-02-12'} | ${false} | ${0}
    ${'fixed Q6W arm'}                            | ${'2025-03-31'} | ${6}  | ${'2025-05-16'} | ${q6w}   | ${'2025-05-12'} | ${'2025-05-15'} | ${true}  | ${1}
    ${'no tolerance: due day itself is on time'}  | ${'2025-01-06'} | ${4}  | ${'2025-02-03'} | ${null}  | ${'2025-02-03'} | ${'2025-02-03'} | ${false} | ${0}
    ${'no tolerance: late the day after'}         | ${'2025-01-06'} | ${4}  | ${'2025-02-04'} | ${null}  | ${'2025-02-03'} | ${'2025-02-03'} | ${true}  | ${1}
  `('$case', ({ last, weeks, asOf, tol, nextDue, lateAfter, overdue, daysOverdue }) => {
    expect(infusionDue(last, weeks, asOf, tol)).toEqual({
      nextDue,
      lateAfter,
      overdue,
      daysOverdue,
      toleranceStatus: tol ? 'unconfirmed' : null,
    });
  });

  it('rejects a non-date, a fractional interval and a negative tolerance', () => {
    expect(() => infusionDue('2025-02-30', 4, '2025-03-01')).toThrow(RangeError);
    expect(() => infusionDue('2025-01-06', 4.5, '2025-03-01')).toThrow(RangeError);
    expect(() => infusionDue('2025-01-06', 4, '2025-03-01', { daysAfter: -1, status: 'confirmed' })).toThrow(RangeError);
  });
});
