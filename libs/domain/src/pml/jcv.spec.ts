import { jcvIndexBand, latestJcv } from './jcv';

describe('jcvIndexBand — pml-risk.md §4a bands, §4e closed upper edges', () => {
  it.each([
    [0.2, 'LE_0_9', '§4a ≤ 0.9'],
    [0.9, 'LE_0_9', '§4e: 0.9 → "≤ 0.9"'],
    [0.91, 'GT_0_9_LE_1_5', '§4e: 0.91 → "> 0.9 to ≤ 1.5"'],
    [1.5, 'GT_0_9_LE_1_5', '§4e: 1.5 → "> 0.9 to ≤ 1.5"'],
    [1.51, 'GT_1_5', '§4e: 1.51 → "> 1.5"'],
    [3.2, 'GT_1_5', '§4a > 1.5'],
  ])('index %d → %s (%s)', (index, band) => expect(jcvIndexBand(index)).toBe(band));
  it('no index → undefined', () => expect(jcvIndexBand(undefined)).toBeUndefined());
});

describe('latestJcv — pml-risk.md §4e latest result, ≤ 6 months old', () => {
  const asOf = '2025-08-31';
  it.each([
    {
      why: '§4e use the latest result: negative 2024 then positive 2025 → positive (seroconversion, §4a)',
      jcv: [
        { date: '2024-09-01', status: 'negative' as const },
        { date: '2025-06-01', status: 'positive' as const, index: 1.2 },
      ],
      status: 'positive',
      band: 'GT_0_9_LE_1_5',
      stale: false,
    },
    {
      why: 'a test after asOf is not yet known',
      jcv: [
        { date: '2025-06-01', status: 'negative' as const },
        { date: '2025-09-01', status: 'positive' as const, index: 2 },
      ],
      status: 'negative',
      band: undefined,
      stale: false,
    },
    {
      why: '§4e ≤ 6 months: 2025-02-28 is exactly asOf − 6 months (clamped) → not stale',
      jcv: [{ date: '2025-02-28', status: 'positive' as const, index: 0.5 }],
      status: 'positive',
      band: 'LE_0_9',
      stale: false,
    },
    {
      why: '§4e > 6 months: 2025-02-27 → stale (flagged, still used)',
      jcv: [{ date: '2025-02-27', status: 'positive' as const, index: 0.5 }],
      status: 'positive',
      band: 'LE_0_9',
      stale: true,
    },
  ])('$why', ({ jcv, status, band, stale }) => {
    const latest = latestJcv({ jcv }, asOf);
    expect(latest.status).toBe(status);
    expect(latest.indexBand).toBe(band);
    expect(latest.stale).toBe(stale);
  });
  it('no test on record → status undefined', () => {
    expect(latestJcv({}, asOf).status).toBeUndefined();
  });
});
