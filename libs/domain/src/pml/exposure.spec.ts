import { completedMonths, cumulativeExposure, priorImmunosuppressant } from './exposure';

describe('completedMonths — calendar months, clamped (dates.ts addMonths; pml-risk.md §4e months option)', () => {
  it.each([
    ['2023-01-15', '2025-01-15', 24, '§4e edge: exactly 24 months'],
    ['2023-01-15', '2025-01-14', 23, 'one day short of 24'],
    ['2023-01-15', '2025-02-15', 25, '§4e edge: 25 → next band'],
    ['2024-01-31', '2024-02-29', 1, 'month-end clamp: 31 Jan + 1 month = 29 Feb (leap year)'],
    ['2023-01-31', '2023-02-28', 1, 'month-end clamp: 31 Jan + 1 month = 28 Feb'],
    ['2024-02-29', '2025-02-28', 12, 'leap day + 12 months clamps to 28 Feb'],
    ['2025-01-01', '2024-12-31', 0, 'asOf before start'],
  ])('%s → %s = %i (%s)', (from, to, months) => expect(completedMonths(from, to)).toBe(months));
});

describe('cumulativeExposure — pml-risk.md §4 duration axis', () => {
  it('counts given infusions on or before asOf; planned (administered: false) and future ones are not exposure', () => {
    const e = cumulativeExposure(
      {
        infusions: [
          { date: '2023-01-15' },
          { date: '2023-02-12' },
          { date: '2023-03-12', administered: false },
          { date: '2025-01-15' },
          { date: '2025-02-12' },
        ],
      },
      '2025-01-15',
    );
    expect(e).toEqual({ infusions: 3, firstInfusion: '2023-01-15', monthsOnTreatment: 24, infusionRecordsIncomplete: false });
  });
  it('firstNatalizumabDate before the first record → months from that date, records flagged incomplete', () => {
    const e = cumulativeExposure(
      { infusions: [{ date: '2025-01-15' }], participant: { firstNatalizumabDate: '2020-01-15' } },
      '2025-01-15',
    );
    expect(e.monthsOnTreatment).toBe(60);
    expect(e.infusionRecordsIncomplete).toBe(true);
  });
});

describe('priorImmunosuppressant — pml-risk.md §4 risk factor; unknown kept distinct', () => {
  it.each([
    [true, 'yes'],
    [false, 'no'],
    [undefined, 'unknown'],
  ])('%s → %s', (value, expected) => expect(priorImmunosuppressant({ participant: { priorImmunosuppressant: value } })).toBe(expected));
});
