import { assessScan, mriActivity } from './mri-activity';

describe('assessScan — outcomes.md §3 "any MRI activity": ≥ 1 Gd+ or ≥ 1 N/NET2', () => {
  it.each([
    [{ date: '2024-05-01', gadoliniumEnhancing: 1, newOrEnlargingT2: 0 }, 'ACTIVE'],
    [{ date: '2024-05-01', gadoliniumEnhancing: 0, newOrEnlargingT2: 1 }, 'ACTIVE'],
    [{ date: '2024-05-01', gadoliniumEnhancing: 0, newOrEnlargingT2: 0 }, 'INACTIVE'],
    [{ date: '2024-05-01', gadoliniumEnhancing: 2 }, 'ACTIVE'],
    [{ date: '2024-05-01', gadoliniumEnhancing: 0 }, 'NOT_ASSESSED'],
    [{ date: '2024-05-01' }, 'NOT_ASSESSED'],
  ])('%j → %s', (scan, activity) => expect(assessScan(scan).activity).toBe(activity));
});

describe('mriActivity — inclusive window', () => {
  const window = { from: '2024-01-01', to: '2024-12-31' };
  it('scans on both window edges count; outside do not', () => {
    const s = mriActivity(
      [
        { date: '2023-12-31', gadoliniumEnhancing: 5, newOrEnlargingT2: 5 },
        { date: '2024-01-01', gadoliniumEnhancing: 0, newOrEnlargingT2: 2 },
        { date: '2024-12-31', gadoliniumEnhancing: 1, newOrEnlargingT2: 0 },
        { date: '2025-01-01', gadoliniumEnhancing: 5, newOrEnlargingT2: 5 },
      ],
      window,
    );
    expect(s).toMatchObject({ scans: 2, assessedScans: 2, gadoliniumEnhancingLesions: 1, newOrEnlargingT2Lesions: 2, anyActivity: true });
    expect(s.activeScans.map((a) => a.date)).toEqual(['2024-01-01', '2024-12-31']);
  });
});
