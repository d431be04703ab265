import { addDays } from '../dates';
import { InfusionRecord } from '../history';
import {
  adi18mDays,
  dosingClassByAdi,
  eidByCount,
  eidMetrics,
  eidWindow,
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
    { why: 'unsorted input gives the same count', infusions: [{ date: '2025-05-01' }, { date: '2024-03-01' }, { date: '2024-12-01' }], count: 3 },
  ])('$why → $count', ({ infusions, count }) => {
    expect(infusionCount18m({ infusions }, asOf)).toBe(count);
  });
});

describe('adi18mDays — pml-risk.md §3 (last − first) / (count − 1), undefined if count < 2', () => {
  it.each([
    { why: 'no infusions', infusions: [] as InfusionRecord[], adi: undefined },
    { why: 'one infusion', infusions: [{ date: '2025-01-01' }], adi: undefined },
    { why: 'two infusions 42 days apart', infusions: [{ date: '2025-01-01' }, { date: '2025-02-12' }], adi: 42 },
    { why: 'unsorted: 2025-03-01, 2025-01-01, 2025-02-01 → 59 days / 2', infusions: [{ date: '2025-03-01' }, { date: '2025-01-01' }, { date: '2025-02-01' }], adi: 29.5 },
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
