import { ParticipantHistory } from '../history';
import { neda3 } from './neda3';

const period = { from: '2024-01-01', to: '2024-12-31' };
const clean: ParticipantHistory = {
  infusions: [],
  edss: [
    { date: '2023-12-15', score: 2 },
    { date: '2024-06-01', score: 2 },
    { date: '2024-12-01', score: 2 },
  ],
  mri: [{ date: '2024-12-31', gadoliniumEnhancing: 0, newOrEnlargingT2: 0 }],
  relapses: [],
};

describe('neda3 — outcomes.md §4', () => {
  it.each<{ why: string; history: ParticipantHistory; result: string; components?: object }>([
    { why: '§4 all three components absent, MRI present → NEDA', history: clean, result: 'NEDA' },
    {
      why: '§4 "undefined if the period lacks the required MRI scans" → INSUFFICIENT_DATA, not NEDA',
      history: { ...clean, mri: [] },
      result: 'INSUFFICIENT_DATA',
      components: { mri: 'UNKNOWN' },
    },
    {
      why: '§3/§4 scan without lesion counts cannot show absence → INSUFFICIENT_DATA',
      history: { ...clean, mri: [{ date: '2024-06-01' }] },
      result: 'INSUFFICIENT_DATA',
    },
    {
      why: '§4 "false as soon as any one component is present": relapse with MRI missing → EVIDENCE_OF_ACTIVITY',
      history: { ...clean, mri: [], relapses: [{ onset: '2024-05-01' }] },
      result: 'EVIDENCE_OF_ACTIVITY',
      components: { relapse: 'PRESENT', mri: 'UNKNOWN' },
    },
    {
      why: 'MRI activity on the last day of the period (inclusive) → EVIDENCE_OF_ACTIVITY',
      history: { ...clean, mri: [{ date: '2024-12-31', gadoliniumEnhancing: 0, newOrEnlargingT2: 1 }] },
      result: 'EVIDENCE_OF_ACTIVITY',
      components: { mri: 'PRESENT' },
    },
    {
      why: '§1 R2: a pseudo-relapse is not a relapse → NEDA',
      history: { ...clean, relapses: [{ onset: '2024-05-01', feverOrInfection: true }] },
      result: 'NEDA',
    },
    {
      why: '§5 confirmed progression (baseline 2.0 → 3.0 held 12 weeks) → EVIDENCE_OF_ACTIVITY',
      history: {
        ...clean,
        edss: [
          { date: '2023-12-15', score: 2 },
          { date: '2024-04-01', score: 3 },
          { date: '2024-06-24', score: 3 },
        ],
      },
      result: 'EVIDENCE_OF_ACTIVITY',
      components: { disability: 'PRESENT' },
    },
    {
      why: 'no EDSS on or before the period start → INSUFFICIENT_DATA',
      history: { ...clean, edss: [{ date: '2024-06-01', score: 2 }] },
      result: 'INSUFFICIENT_DATA',
      components: { disability: 'UNKNOWN' },
    },
  ])('$why', ({ history, result, components }) => {
    const n = neda3(history, period);
    expect(n.result).toBe(result);
    if (components) expect(n.components).toMatchObject(components);
    if (result !== 'NEDA') expect(n.reasons.length).toBeGreaterThan(0);
  });
});
