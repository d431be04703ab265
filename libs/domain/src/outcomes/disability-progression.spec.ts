import { EdssRecord, RelapseRecord } from '../history';
import { addDays } from '../dates';
import { confirmedDisabilityProgression } from './disability-progression';

// Visits: baseline 2024-01-01; onset 2024-04-01; 2024-06-24 is 84 days (12 weeks) after 2024-04-01
// (Apr 29 + May 31 + Jun 24 = 84, hand count); 2024-06-23 is 83 days.
const visits = (...pairs: [string, number][]): EdssRecord[] => pairs.map(([date, score]) => ({ date, score }));

describe('confirmedDisabilityProgression — outcomes.md §5 thresholds by baseline', () => {
  it.each<{ why: string; edss: EdssRecord[]; status: string }>([
    {
      why: '§5 baseline 0.0: +1.0 is not enough (needs ≥ 1.5)',
      edss: visits(['2024-01-01', 0], ['2024-04-01', 1], ['2024-06-24', 1]),
      status: 'NOT_CONFIRMED',
    },
    {
      why: '§5 baseline 0.0: +1.5 at onset and 12 weeks later → CONFIRMED',
      edss: visits(['2024-01-01', 0], ['2024-04-01', 1.5], ['2024-06-24', 1.5]),
      status: 'CONFIRMED',
    },
    {
      why: '§5 baseline 1.0: +1.0 → CONFIRMED',
      edss: visits(['2024-01-01', 1], ['2024-04-01', 2], ['2024-06-24', 2]),
      status: 'CONFIRMED',
    },
    {
      why: '§5 baseline 5.5: +0.5 is not enough (needs ≥ 1.0)',
      edss: visits(['2024-01-01', 5.5], ['2024-04-01', 6], ['2024-06-24', 6]),
      status: 'NOT_CONFIRMED',
    },
    {
      why: '§5 baseline 5.5: +1.0 → CONFIRMED',
      edss: visits(['2024-01-01', 5.5], ['2024-04-01', 6.5], ['2024-06-24', 6.5]),
      status: 'CONFIRMED',
    },
    {
      why: '§5 baseline 6.0: +0.5 → CONFIRMED',
      edss: visits(['2024-01-01', 6], ['2024-04-01', 6.5], ['2024-06-24', 6.5]),
      status: 'CONFIRMED',
    },
    {
      why: '§5 confirmation ≥ 12 weeks: 83 days is not yet → PENDING',
      edss: visits(['2024-01-01', 2], ['2024-04-01', 3], ['2024-06-23', 3]),
      status: 'PENDING',
    },
    {
      why: '§5 "no intervening score below the threshold": a dip restarts the run → PENDING from the later visit',
      edss: visits(['2024-01-01', 2], ['2024-04-01', 3], ['2024-05-01', 2.5], ['2024-06-24', 3]),
      status: 'PENDING',
    },
    {
      why: '§5 run kept: onset, intermediate ≥ threshold, confirmation at 84 days',
      edss: visits(['2024-01-01', 2], ['2024-04-01', 3], ['2024-05-01', 3.5], ['2024-06-24', 3]),
      status: 'CONFIRMED',
    },
    { why: 'no EDSS at all → INSUFFICIENT_DATA', edss: [], status: 'INSUFFICIENT_DATA' },
  ])('$why', ({ edss, status }) => {
    expect(confirmedDisabilityProgression(edss, []).status).toBe(status);
  });

  it('§5 CDP-24w: 84 days is not enough → PENDING; 168 days → CONFIRMED', () => {
    const e = visits(['2024-01-01', 2], ['2024-04-01', 3], ['2024-06-24', 3]);
    expect(confirmedDisabilityProgression(e, [], { confirmationWeeks: 24 }).status).toBe('PENDING');
    // 2024-04-01 + 168 days = 2024-09-16 (Apr 29 + May 31 + Jun 30 + Jul 31 + Aug 31 + Sep 16 = 168).
    const r = confirmedDisabilityProgression([...e, { date: '2024-09-16', score: 3 }], [], { confirmationWeeks: 24 });
    expect(r).toMatchObject({ status: 'CONFIRMED', onset: { date: '2024-04-01' }, confirmation: { date: '2024-09-16' } });
  });

  it.each<{ why: string; relapses: RelapseRecord[]; status: string; onset?: string }>([
    {
      why: '§5: a score within 30 days of a relapse onset does not start progression (relapse 2024-03-02 → 2024-04-01 is 30 days)',
      relapses: [{ onset: '2024-03-02' }],
      status: 'PENDING', // onset moves to 2024-06-24, which has no 12-week confirmation
      onset: '2024-06-24',
    },
    {
      why: '§5: relapse 31 days before the onset visit does not exclude it',
      relapses: [{ onset: '2024-03-01' }],
      status: 'CONFIRMED',
      onset: '2024-04-01',
    },
    {
      why: '§1 R1: a < 24 h event is not a relapse and excludes nothing',
      relapses: [{ onset: '2024-03-20', durationHours: 5 }],
      status: 'CONFIRMED',
      onset: '2024-04-01',
    },
  ])('$why', ({ relapses, status, onset }) => {
    const r = confirmedDisabilityProgression(visits(['2024-01-01', 2], ['2024-04-01', 3], ['2024-06-24', 3]), relapses);
    expect(r.status).toBe(status);
    expect(r.onset?.date).toBe(onset);
  });

  it('baselineDate picks the latest score on or before it; invalid scores are reported, not used', () => {
    const r = confirmedDisabilityProgression(
      visits(['2023-06-01', 1], ['2024-01-01', 2], ['2024-02-01', 0.5], ['2024-04-01', 3], ['2024-06-24', 3]),
      [],
      { baselineDate: '2024-01-15' },
    );
    expect(r).toMatchObject({ status: 'CONFIRMED', baseline: { date: '2024-01-01', score: 2 }, thresholdIncrease: 1 });
    expect(r.invalidScores).toEqual([{ date: '2024-02-01', score: 0.5 }]);
  });
});

describe('performance — linear after sorting', () => {
  it('20,001 visits (last one back at baseline) and 2,000 relapses finish quickly (a quadratic scan would not)', () => {
    const edss: EdssRecord[] = Array.from({ length: 20_001 }, (_, k) => ({
      date: addDays('1950-01-01', k * 7),
      score: k % 2 === 0 ? 2 : 3,
    }));
    const relapses: RelapseRecord[] = Array.from({ length: 2_000 }, (_, k) => ({ onset: addDays('1950-01-01', k * 60) }));
    const start = process.hrtime.bigint();
    const r = confirmedDisabilityProgression(edss, relapses);
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(1500);
    expect(r.status).toBe('NOT_CONFIRMED'); // alternating scores never hold 12 weeks
  });
});

describe('CDP at 24 weeks in each baseline band (issue 14 golden suite) — outcomes.md §5', () => {
  // Onset 2024-04-01; 2024-09-16 is 168 days later (Apr 29 + May 31 + Jun 30 + Jul 31 + Aug 31 + Sep 16 = 168),
  // 2024-09-15 is 167 days.
  it.each<[string, number, number, string, string]>([
    // [band, baseline, score at onset and confirmation, confirmation date, expected]
    ['0.0 needs +1.5', 0, 1.5, '2024-09-16', 'CONFIRMED'],
    ['0.0: +1.0 is below the threshold', 0, 1, '2024-09-16', 'NOT_CONFIRMED'],
    ['1.0–5.5 needs +1.0 (3.0 → 4.0)', 3, 4, '2024-09-16', 'CONFIRMED'],
    ['1.0–5.5: 167 days is one day short', 3, 4, '2024-09-15', 'PENDING'],
    ['≥ 6.0 needs +0.5 (6.0 → 6.5)', 6, 6.5, '2024-09-16', 'CONFIRMED'],
    ['≥ 6.0: 167 days is one day short', 6, 6.5, '2024-09-15', 'PENDING'],
  ])('baseline band %s', (_band, baseline, score, confirmation, status) => {
    const e = visits(['2024-01-01', baseline], ['2024-04-01', score], [confirmation, score]);
    expect(confirmedDisabilityProgression(e, [], { confirmationWeeks: 24 }).status).toBe(status);
    // The same visits at 12 weeks: ≥ 84 days either way, so confirmed wherever the threshold is met.
    expect(confirmedDisabilityProgression(e, [], { confirmationWeeks: 12 }).status).toBe(
      status === 'NOT_CONFIRMED' ? 'NOT_CONFIRMED' : 'CONFIRMED',
    );
  });
});
