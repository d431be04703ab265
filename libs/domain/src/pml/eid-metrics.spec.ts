import { addDays } from '../dates';
import { InfusionRecord } from '../history';
import {
  adi18mDays,
  dosingClassByAdi,
  eidByCount,
  eidHistoryCoverage,
  eidMetrics,
  eidWindow,
  excludedByTouchRule,
  historyShorterThanWindow,
  infusionCount18m,
} from './eid-metrics';

/** `n` infusions every `gapDays` days starting at `start` (series built with the scaffold's addDays). */
function series(start: string, n: number, gapDays: number): InfusionRecord[] {
  return Array.from({ length: n }, (_, k) => ({ date: addDays(start, k * gapDays) }));
}

describe('eidWindow — pml-risk.md §3 W18, inclusive, month subtraction clamped', () => {
  it.each([
    // [asOf, expected start, source]
    ['2025-08-31', '2024-02-29', 'pml-risk.md §3: ref 2025-08-31 → start 2024-02-29 (leap day)'],
    ['2026-08-31', '2025-02-28', 'pml-risk.md §3 clamp rule, non-leap year → 28 Feb'],
    ['2025-07-15', '2024-01-15', 'pml-risk.md §3: plain 18 calendar months'],
  ])('asOf %s → from %s (%s)', (asOf, from) => {
    expect(eidWindow(asOf)).toEqual({ from, to: asOf });
  });
});

describe('count vs ADI at the window edge — pml-risk.md §3 "Why 15 and 5.2 weeks"', () => {
  const asOf = '2025-08-31'; // window start 2024-02-29 (§3)
  it.each([
    {
      why: 'pml-risk.md §3: 16 infusions 35 days apart, first exactly on the window start → inside (inclusive)',
      infusions: series('2024-02-29', 16, 35),
      count: 16,
      eidByCount: false,
      adi: 35,
      cls: 'SID',
    },
    {
      why: 'pml-risk.md §3: same spacing one day earlier → first falls outside, 15 infusions: count says EID, ADI 35.0 says SID',
      infusions: series('2024-02-28', 16, 35),
      count: 15,
      eidByCount: true,
      adi: 35,
      cls: 'SID',
    },
  ])('$why', ({ infusions, count, eidByCount: byCount, adi, cls }) => {
    const m = eidMetrics({ infusions }, asOf);
    expect(m.infusionCount18m).toBe(count);
    expect(m.eidByCount).toBe(byCount);
    expect(m.adi18mDays).toBe(adi);
    expect(m.dosingClassByAdi).toBe(cls);
    expect(m.historyShorterThanWindow).toBe(false);
  });

  it('pml-risk.md §3 alternative (b): window length 549 days / count — 549/16 and 549/15', () => {
    // 2024-02-29 → 2025-08-31 = 365 + 184 = 549 days (hand count).
    expect(adi18mDays({ infusions: series('2024-02-29', 16, 35) }, asOf, 'windowLength')).toBeCloseTo(549 / 16, 10);
    expect(adi18mDays({ infusions: series('2024-02-28', 16, 35) }, asOf, 'windowLength')).toBeCloseTo(549 / 15, 10);
    expect(eidMetrics({ infusions: series('2024-02-28', 16, 35) }, asOf, { adiFormula: 'windowLength' }).dosingClassByAdi).toBe('EID');
  });
});

describe('infusionCount18m — what counts (history.ts, pml-risk.md §3)', () => {
  const asOf = '2025-08-31';
  it.each([
    { why: 'infusion on asOf (right edge inclusive)', infusions: [{ date: '2025-08-31' }], count: 1 },
    { why: 'infusion the day after asOf is not yet given', infusions: [{ date: '2025-09-01' }], count: 0 },
    { why: 'administered: false is a planned, not given, infusion', infusions: [{ date: '2025-01-01', administered: false }], count: 0 },
    { why: 'the day before the window start is outside', infusions: [{ date: '2024-02-28' }], count: 0 },
    {
      why: 'unsorted input gives the same count',
      infusions: [{ date: '2025-05-01' }, { date: '2024-03-01' }, { date: '2024-12-01' }],
      count: 3,
    },
  ])('$why → $count', ({ infusions, count }) => {
    expect(infusionCount18m({ infusions }, asOf)).toBe(count);
  });
});

describe('adi18mDays — pml-risk.md §3 (last − first) / (count − 1), undefined if count < 2', () => {
  it.each([
    { why: 'no infusions', infusions: [] as InfusionRecord[], adi: undefined },
    { why: 'one infusion', infusions: [{ date: '2025-01-01' }], adi: undefined },
    { why: 'two infusions 42 days apart', infusions: [{ date: '2025-01-01' }, { date: '2025-02-12' }], adi: 42 },
    {
      why: 'unsorted: 2025-03-01, 2025-01-01, 2025-02-01 → 59 days / 2',
      infusions: [{ date: '2025-03-01' }, { date: '2025-01-01' }, { date: '2025-02-01' }],
      adi: 29.5,
    },
  ])('$why → $adi', ({ infusions, adi }) => {
    expect(adi18mDays({ infusions }, '2025-08-31')).toBe(adi);
  });
  it('ADI undefined → NOT_COMPUTABLE (platform addition)', () => {
    expect(eidMetrics({ infusions: [{ date: '2025-01-01' }] }, '2025-08-31').dosingClassByAdi).toBe('NOT_COMPUTABLE');
  });
});

describe('eidByCount — pml-risk.md §3 count ≤ 15 [unconfirmed]', () => {
  it.each([
    [15, true],
    [16, false],
    [0, true],
  ])('%i → %s', (count, expected) => expect(eidByCount(count)).toBe(expected));
});

describe('dosingClassByAdi — pml-risk.md §3 bands (Ryerson 2019 primary)', () => {
  it.each([
    [20.99, 'UNCLASSIFIED', '< 3 weeks'],
    [21, 'SID', '21 inclusive'],
    [29.7, 'SID', '§2 SID median ADI 29.7'],
    [35, 'SID', '35 inclusive in SID'],
    [35.01, 'EID', '> 35'],
    [42.3, 'EID', '§2 EID median ADI 42.3'],
    [84, 'EID', '84 inclusive in EID'],
    [84.01, 'UNCLASSIFIED', '> 12 weeks (treatment gap)'],
  ])('%d days → %s (%s)', (adi, cls) => expect(dosingClassByAdi(adi)).toBe(cls));
});

describe('historyShorterThanWindow — pml-risk.md §3 first-ever infusion > window start', () => {
  const asOf = '2025-08-31'; // window start 2024-02-29
  it.each([
    { why: 'first infusion on the window start → not shorter', history: { infusions: [{ date: '2024-02-29' }] }, shorter: false },
    { why: 'first infusion the day after the window start → shorter', history: { infusions: [{ date: '2024-03-01' }] }, shorter: true },
    { why: 'no infusions at all → shorter', history: { infusions: [] }, shorter: true },
    {
      why: 'profile firstNatalizumabDate earlier than the records → not shorter',
      history: { infusions: [{ date: '2025-01-01' }], participant: { firstNatalizumabDate: '2020-01-01' } },
      shorter: false,
    },
  ])('$why', ({ history, shorter }) => {
    expect(historyShorterThanWindow(history, asOf)).toBe(shorter);
  });
});

describe('EID edge cases (issue 14 golden suite) — pml-risk.md §2–§3, worked by hand', () => {
  const asOf = '2026-06-15';
  // W18 = [2024-12-15, 2026-06-15] (June 15 − 18 months = December 15 two years before), both ends inclusive.
  const every = (from: string, days: number, n: number) => Array.from({ length: n }, (_, k) => ({ date: addDays(from, k * days) }));

  it('an infusion on the window start counts; the day before does not', () => {
    expect(infusionCount18m({ infusions: [{ date: '2024-12-15' }, { date: '2024-12-14' }] }, asOf)).toBe(1);
  });

  it('4-weekly for years, with the pre-enrolment infusions recorded: SID by count and by ADI', () => {
    // From 2024-06-01 every 28 days (k = 0 … 29). k = 7 is 196 days later = 2024-12-14 (Jun 30 + Jul 31 + Aug 31 +
    // Sep 30 + Oct 31 + Nov 30 = 183 → Dec 1, + 13 = Dec 14): one day before the window start, out. k = 8 = 2025-01-11
    // is the first in W18. 2024-06-01 → 2026-06-15 is 365 + 365 + 14 = 744 days; 744 / 28 = 26.6 → k = 26 (728 days,
    // 2026-05-30) is the last. k = 8 … 26 → 19 infusions; ADI = (728 − 224) / 18 = 28 days → SID; 19 > 15 → not EID by count.
    const history = { infusions: every('2024-06-01', 28, 30), participant: { firstNatalizumabDate: '2022-01-01' } };
    const m = eidMetrics(history, asOf);
    expect([m.infusionCount18m, m.adi18mDays, m.eidByCount, m.dosingClassByAdi, m.history, m.excludedByTouchRule]).toEqual([
      19,
      28,
      false,
      'SID',
      'SUFFICIENT',
      false,
    ]);
  });

  it('only the study infusions on record (started 2022, first recorded 2026-01-12): insufficient history', () => {
    // Earliest recorded 2026-01-12 is 393 days after the window start 2024-12-15 (> 84) and natalizumab began before it.
    const history = { infusions: every('2026-01-12', 42, 4), participant: { firstNatalizumabDate: '2022-01-01' } };
    expect(eidHistoryCoverage(history, asOf)).toBe('INSUFFICIENT_HISTORY');
    expect(eidMetrics(history, asOf).history).toBe('INSUFFICIENT_HISTORY');
  });

  it('coverage boundary: earliest record 84 days after the window start is enough, 85 is not', () => {
    // 2024-12-15 + 84 = 2025-03-09 (Dec 16 + Jan 31 + Feb 28 + 9 = 84); + 85 = 2025-03-10.
    const p = { firstNatalizumabDate: '2020-01-01' };
    expect(eidHistoryCoverage({ infusions: [{ date: '2025-03-09' }], participant: p }, asOf)).toBe('SUFFICIENT');
    expect(eidHistoryCoverage({ infusions: [{ date: '2025-03-10' }], participant: p }, asOf)).toBe('INSUFFICIENT_HISTORY');
    // Treatment started inside the window: the whole history is on record.
    expect(eidHistoryCoverage({ infusions: [{ date: '2025-06-01' }], participant: { firstNatalizumabDate: '2025-06-01' } }, asOf)).toBe(
      'SUFFICIENT',
    );
  });

  it('TOUCH rule: a gap of 20 days or 85 days excludes; 21 and 84 do not', () => {
    const two = (gap: number) => ({ infusions: [{ date: '2025-06-01' }, { date: addDays('2025-06-01', gap) }] });
    expect([20, 21, 84, 85].map((g) => excludedByTouchRule(two(g), asOf))).toEqual([true, false, false, true]);
  });

  it('two records on one date are one infusion: counted once, no 0-day gap for the TOUCH rule', () => {
    // 2025-01-05 → 02-02 = 26 + 2 = 28 days; 02-02 → 03-02 = 28 days (2025 is no leap year). Three dates, not four:
    // ADI = (03-02 − 01-05) / (3 − 1) = 56 / 2 = 28 days → SID (21–35); gaps 28, 28 → not excluded.
    const infusions = [{ date: '2025-01-05' }, { date: '2025-02-02' }, { date: '2025-02-02' }, { date: '2025-03-02' }];
    const m = eidMetrics({ infusions }, asOf);
    expect([m.infusionCount18m, m.adi18mDays, m.dosingClassByAdi, m.excludedByTouchRule]).toEqual([3, 28, 'SID', false]);
  });
});
