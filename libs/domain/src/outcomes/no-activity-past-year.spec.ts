import { builtIn } from '../dosing/test-helpers';
import { evaluateEligibility } from '../eligibility/evaluate-eligibility';
import { MriRecord, ParticipantHistory, RelapseRecord } from '../history';
import { diseaseActivityInWindow, noDiseaseActivityPastYear, PastYearResult } from './no-activity-past-year';

const cleanMri = (date: string): MriRecord => ({ date, gadoliniumEnhancing: 0, newOrEnlargingT2: 0 });
type Case = { why: string; inclusion: string; history: ParticipantHistory; result: PastYearResult; from: string };

/*
 * Window (docs/science/protocols.md "Calendar windows", docs/science/outcomes.md §6): [inclusion − 12 calendar months, inclusion],
 * both ends inclusive; month subtraction clamps to the month's last day. 12 calendar months, not 365 days:
 * 2024-06-30 − 12 months = 2023-06-30, which is 366 days earlier (29 Feb 2024 lies between).
 */
const CASES: Case[] = [
  {
    why: '§6 "a relapse dated exactly on the window start counts as inside" (2025-02-28 − 12 months = 2024-02-28)',
    inclusion: '2025-02-28',
    history: { infusions: [], relapses: [{ onset: '2024-02-28' }], mri: [cleanMri('2024-10-01')] },
    result: 'ACTIVITY',
    from: '2024-02-28',
  },
  {
    why: '§6 the day before the window start is outside',
    inclusion: '2025-02-28',
    history: { infusions: [], relapses: [{ onset: '2024-02-27' }], mri: [cleanMri('2024-10-01')] },
    result: 'NO_ACTIVITY',
    from: '2024-02-28',
  },
  {
    why: '12 calendar months, not 365 days: 2024-06-30 − 12 months = 2023-06-30 (366 days back) — a relapse that day is inside',
    inclusion: '2024-06-30',
    history: { infusions: [], relapses: [{ onset: '2023-06-30' }], mri: [cleanMri('2024-01-15')] },
    result: 'ACTIVITY',
    from: '2023-06-30',
  },
  {
    why: '… and 2023-06-29 (367 days back) is outside',
    inclusion: '2024-06-30',
    history: { infusions: [], relapses: [{ onset: '2023-06-29' }], mri: [cleanMri('2024-01-15')] },
    result: 'NO_ACTIVITY',
    from: '2023-06-30',
  },
  {
    why: '§6 month clamping: inclusion on the leap day 2024-02-29 → window start 2023-02-28; relapse that day is inside',
    inclusion: '2024-02-29',
    history: { infusions: [], relapses: [{ onset: '2023-02-28' }], mri: [cleanMri('2023-10-01')] },
    result: 'ACTIVITY',
    from: '2023-02-28',
  },
  {
    why: 'same day: a relapse with onset on the inclusion day (window end, inclusive) → ACTIVITY',
    inclusion: '2025-06-30',
    history: { infusions: [], relapses: [{ onset: '2025-06-30' }], mri: [cleanMri('2025-01-10')] },
    result: 'ACTIVITY',
    from: '2024-06-30',
  },
  {
    why: '§6 new T2 lesion on the inclusion day (window end, inclusive) → ACTIVITY',
    inclusion: '2025-06-30',
    history: { infusions: [], mri: [cleanMri('2024-12-01'), { date: '2025-06-30', gadoliniumEnhancing: 0, newOrEnlargingT2: 1 }] },
    result: 'ACTIVITY',
    from: '2024-06-30',
  },
  {
    why: 'activity the day after the inclusion date is outside the window (not yet happened at inclusion)',
    inclusion: '2025-06-30',
    history: { infusions: [], relapses: [{ onset: '2025-07-01' }], mri: [cleanMri('2025-01-10')] },
    result: 'NO_ACTIVITY',
    from: '2024-06-30',
  },
  {
    why: '§6 "require at least one MRI inside the window, otherwise INSUFFICIENT_DATA" — only MRI is before the window',
    inclusion: '2025-06-30',
    history: { infusions: [], mri: [cleanMri('2024-06-29')] },
    result: 'INSUFFICIENT_DATA',
    from: '2024-06-30',
  },
  {
    why: '§6 MRI on the window start is inside → evidence exists → NO_ACTIVITY',
    inclusion: '2025-06-30',
    history: { infusions: [], mri: [cleanMri('2024-06-30')] },
    result: 'NO_ACTIVITY',
    from: '2024-06-30',
  },
  {
    why: '§1 R2: pseudo-relapse in the window is not activity',
    inclusion: '2025-06-30',
    history: { infusions: [], relapses: [{ onset: '2025-01-10', feverOrInfection: true }], mri: [cleanMri('2025-03-01')] },
    result: 'NO_ACTIVITY',
    from: '2024-06-30',
  },
  {
    why: 'issue 13 item 10: the only MRI in the window has no lesion counts → unknown, never "no activity"',
    inclusion: '2025-06-30',
    history: { infusions: [], mri: [{ date: '2025-01-10' }] },
    result: 'INSUFFICIENT_DATA',
    from: '2024-06-30',
  },
  {
    why: 'an MRI with Gd 0 but no N/NET2 count cannot exclude a new T2 lesion → unknown',
    inclusion: '2025-06-30',
    history: { infusions: [], mri: [{ date: '2025-01-10', gadoliniumEnhancing: 0 }] },
    result: 'INSUFFICIENT_DATA',
    from: '2024-06-30',
  },
  {
    why: 'a clean assessed MRI does not vouch for another scan in the window without counts → unknown',
    inclusion: '2025-06-30',
    history: { infusions: [], mri: [cleanMri('2024-09-01'), { date: '2025-03-01' }] },
    result: 'INSUFFICIENT_DATA',
    from: '2024-06-30',
  },
  {
    why: 'an uncounted scan before the window does not matter; the clean one inside is the evidence',
    inclusion: '2025-06-30',
    history: { infusions: [], mri: [{ date: '2024-06-29' }, cleanMri('2024-06-30')] },
    result: 'NO_ACTIVITY',
    from: '2024-06-30',
  },
  {
    why: 'activity beats missing counts: a relapse in the window and an uncounted scan → ACTIVITY (one event suffices)',
    inclusion: '2025-06-30',
    history: { infusions: [], relapses: [{ onset: '2025-02-01' }], mri: [{ date: '2025-01-10' }] },
    result: 'ACTIVITY',
    from: '2024-06-30',
  },
  {
    why: 'a Gd+ lesion on a scan whose T2 count is missing is activity (≥ 1 lesion is known)',
    inclusion: '2025-06-30',
    history: { infusions: [], mri: [{ date: '2025-01-10', gadoliniumEnhancing: 2 }] },
    result: 'ACTIVITY',
    from: '2024-06-30',
  },
];

describe('noDiseaseActivityPastYear — outcomes.md §6, window [inclusion − 12 months, inclusion] inclusive', () => {
  it.each(CASES)('$why', ({ inclusion, history, result, from }) => {
    const r = noDiseaseActivityPastYear(history, inclusion);
    expect(r.window).toEqual({ from, to: inclusion });
    expect(r.result).toBe(result);
  });

  it('names the uncounted scan in its reasons', () => {
    const r = noDiseaseActivityPastYear({ mri: [cleanMri('2024-09-01'), { date: '2025-03-01' }] }, '2025-06-30');
    expect(r.unassessedScanDates).toEqual(['2025-03-01']);
    expect(r.reasons.join(' ')).toContain('2025-03-01');
  });

  it('relapse-only variant (fixed-arm N-criterion, requireMri false): MRI counts are not needed', () => {
    const opts = { kinds: ['relapse'] as const, requireMri: false };
    expect(noDiseaseActivityPastYear({ mri: [{ date: '2025-01-10' }] }, '2025-06-30', opts).result).toBe('NO_ACTIVITY');
    expect(noDiseaseActivityPastYear({ mri: [] }, '2025-06-30', opts).result).toBe('NO_ACTIVITY');
    // A T2 lesion is not a kind this variant asks about.
    expect(noDiseaseActivityPastYear({ mri: [{ date: '2025-01-10', newOrEnlargingT2: 3 }] }, '2025-06-30', opts).result).toBe(
      'NO_ACTIVITY',
    );
    expect(noDiseaseActivityPastYear({ relapses: [{ onset: '2024-06-30' }] }, '2025-06-30', opts).result).toBe('ACTIVITY');
  });

  it('outcomes.md §1 R3: an unconfirmed relapse counts only when the protocol says so', () => {
    const unconfirmed: RelapseRecord = { onset: '2025-02-01', confirmedByNeurologist: false };
    const h = { relapses: [unconfirmed], mri: [cleanMri('2025-03-01')] };
    expect(noDiseaseActivityPastYear(h, '2025-06-30').result).toBe('NO_ACTIVITY');
    expect(noDiseaseActivityPastYear(h, '2025-06-30', { countUnconfirmedRelapses: true }).result).toBe('ACTIVITY');
  });
});

describe('eligibility E6 is this definition (proven equal on every boundary case above)', () => {
  const pdnms = builtIn('pdnms');
  const E6: Record<PastYearResult, string> = { ACTIVITY: 'not_met', INSUFFICIENT_DATA: 'unknown', NO_ACTIVITY: 'met' };
  it.each(CASES)('$why', ({ inclusion, history, result }) => {
    const e6 = evaluateEligibility(pdnms, { participant: {}, relapses: history.relapses, mri: history.mri }, inclusion).criteria.find(
      (c) => c.id === 'E6',
    )!;
    expect(e6.status).toBe(E6[result]);
  });
});

describe('diseaseActivityInWindow — protocols.md P1 "since the last interval decision"', () => {
  it('activity dated on the decision day is inside [decision, asOf] (platform choice, inclusive)', () => {
    const r = diseaseActivityInWindow({ relapses: [{ onset: '2025-03-01' }], mri: [] }, { from: '2025-03-01', to: '2025-05-01' });
    expect(r.result).toBe('ACTIVITY');
    expect(r.relapseOnsets).toEqual(['2025-03-01']);
  });
});
