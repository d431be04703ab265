import { ParticipantHistory } from '../history';
import { diseaseActivityInWindow, noDiseaseActivityPastYear } from './no-activity-past-year';

const cleanMri = (date: string) => ({ date, gadoliniumEnhancing: 0, newOrEnlargingT2: 0 });

describe('noDiseaseActivityPastYear — outcomes.md §6, window [inclusion − 12 months, inclusion] inclusive', () => {
  it.each<{ why: string; inclusion: string; history: ParticipantHistory; result: string; from: string }>([
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
      why: '§6 month clamping: inclusion on the leap day 2024-02-29 → window start 2023-02-28; relapse that day is inside',
      inclusion: '2024-02-29',
      history: { infusions: [], relapses: [{ onset: '2023-02-28' }], mri: [cleanMri('2023-10-01')] },
      result: 'ACTIVITY',
      from: '2023-02-28',
    },
    {
      why: '§6 new T2 lesion on the inclusion day (window end, inclusive) → ACTIVITY',
      inclusion: '2025-06-30',
      history: { infusions: [], mri: [cleanMri('2024-12-01'), { date: '2025-06-30', gadoliniumEnhancing: 0, newOrEnlargingT2: 1 }] },
      result: 'ACTIVITY',
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
  ])('$why', ({ inclusion, history, result, from }) => {
    const r = noDiseaseActivityPastYear(history, inclusion);
    expect(r.window).toEqual({ from, to: inclusion });
    expect(r.result).toBe(result);
  });
});

describe('diseaseActivityInWindow — protocols.md P1 "since the last interval decision"', () => {
  it('activity dated on the decision day is inside [decision, asOf] (platform choice, inclusive)', () => {
    const r = diseaseActivityInWindow({ relapses: [{ onset: '2025-03-01' }], mri: [] }, { from: '2025-03-01', to: '2025-05-01' });
    expect(r.result).toBe('ACTIVITY');
    expect(r.relapseOnsets).toEqual(['2025-03-01']);
  });
});
