import { builtIn } from '../dosing/test-helpers';
import { planInfusions } from './infusion-plan';
import { planVisits, visitStatuses } from './visit-schedule';

const pdnms = builtIn('pdnms');

describe('planVisits — 3-monthly clinic + MRI (pdnms-v1.json V-CADENCE, van Kempen 2020)', () => {
  it('24 months of follow-up (1 year + 1-year extension) → 8 visits every 3 months', () => {
    const v = planVisits(pdnms, '2025-01-15');
    expect(v.map((x) => x.target)).toEqual([
      '2025-04-15',
      '2025-07-15',
      '2025-10-15',
      '2026-01-15',
      '2026-04-15',
      '2026-07-15',
      '2026-10-15',
      '2027-01-15',
    ]);
    expect(v[0].includes).toEqual(['clinic', 'relapse-assessment', 'edss', 'mri']);
  });

  it('protocols.md month-end clamping: baseline 31 Aug → 30 Nov, 28 Feb, 31 May (no drift), 31 Aug', () => {
    expect(
      planVisits(pdnms, '2024-08-31')
        .slice(0, 4)
        .map((x) => x.target),
    ).toEqual(['2024-11-30', '2025-02-28', '2025-05-31', '2025-08-31']);
  });

  it('leap day: 31 Aug 2023 + 6 months = 29 Feb 2024', () => {
    expect(planVisits(pdnms, '2023-08-31')[1].target).toBe('2024-02-29');
  });

  it('window ±14 days (V-WINDOW, unconfirmed placeholder), inclusive ends', () => {
    const v = planVisits(pdnms, '2024-08-31')[0];
    expect(v.window).toEqual({ from: '2024-11-16', to: '2024-12-14' });
    expect(v.windowStatus).toBe('unconfirmed');
  });

  it('NOVA fixed arm: 18 months (72 weeks) → 6 visits', () => {
    expect(planVisits(builtIn('fixed-q6w'), '2025-01-15')).toHaveLength(6);
  });
});

describe('visitStatuses as of a date', () => {
  // baseline 2025-01-15: visit 1 target 04-15 window 04-01..04-29; visit 2 target 07-15 window 07-01..07-29; visit 3 10-15 window 10-01..10-29.
  const statuses = (recorded: string[], asOf: string) =>
    visitStatuses(pdnms, '2025-01-15', recorded, asOf)
      .slice(0, 3)
      .map((v) => [v.status, v.recordedDate]);
  it.each<[string, string[], string, unknown[]]>([
    [
      'nothing recorded, asOf before visit 1 window → upcoming',
      [],
      '2025-03-31',
      [
        ['upcoming', undefined],
        ['upcoming', undefined],
        ['upcoming', undefined],
      ],
    ],
    [
      'asOf on the first window day (inclusive) → due',
      [],
      '2025-04-01',
      [
        ['due', undefined],
        ['upcoming', undefined],
        ['upcoming', undefined],
      ],
    ],
    [
      'asOf on the last window day → still due',
      [],
      '2025-04-29',
      [
        ['due', undefined],
        ['upcoming', undefined],
        ['upcoming', undefined],
      ],
    ],
    [
      'asOf the day after the window → overdue',
      [],
      '2025-04-30',
      [
        ['overdue', undefined],
        ['upcoming', undefined],
        ['upcoming', undefined],
      ],
    ],
    [
      'visit on the window edge 04-29 → done',
      ['2025-04-29'],
      '2025-07-01',
      [
        ['done', '2025-04-29'],
        ['due', undefined],
        ['upcoming', undefined],
      ],
    ],
    [
      'visit on 05-05 (outside window, nearest to visit 1) → out-of-window',
      ['2025-05-05'],
      '2025-05-10',
      [
        ['out-of-window', '2025-05-05'],
        ['upcoming', undefined],
        ['upcoming', undefined],
      ],
    ],
    [
      'recorded dates after asOf are ignored',
      ['2025-04-15'],
      '2025-04-10',
      [
        ['due', undefined],
        ['upcoming', undefined],
        ['upcoming', undefined],
      ],
    ],
    [
      'two visits done in window, third overdue',
      ['2025-04-10', '2025-07-20'],
      '2025-11-01',
      [
        ['done', '2025-04-10'],
        ['done', '2025-07-20'],
        ['overdue', undefined],
      ],
    ],
  ])('%s', (_n, recorded, asOf, expected) => {
    expect(statuses(recorded, asOf)).toEqual(expected);
  });
});

describe('planInfusions — A7: previous + interval × 7 days, tolerance unconfirmed', () => {
  it('last 2025-03-31 at 5 weeks until 2025-07-01 → 05-05, 06-09', () => {
    const plan = planInfusions(pdnms, '2025-03-31', 5, '2025-07-01');
    expect(plan.map((p) => p.target)).toEqual(['2025-05-05', '2025-06-09']);
    expect(plan[0]).toMatchObject({ window: { from: '2025-05-02', to: '2025-05-08' }, toleranceStatus: 'unconfirmed', doseMg: 300 });
  });
  it('target exactly on `until` is included', () => {
    expect(planInfusions(pdnms, '2025-03-31', 4, '2025-04-28').map((p) => p.target)).toEqual(['2025-04-28']);
  });
  it('rejects a non-integer interval', () => {
    expect(() => planInfusions(pdnms, '2025-03-31', 0, '2025-04-28')).toThrow(RangeError);
  });
});
