import { ArrObservation, participantArr, patientYears, perParticipantArr, pooledArr } from './annualised-relapse-rate';

describe('patientYears — outcomes.md §2: plain day difference / 365.25', () => {
  it.each([
    ['2000-01-01', '2004-01-01', 4, '1461 days (one leap day) = 4.0'],
    ['2024-01-01', '2025-01-01', 366 / 365.25, 'leap year 2024: 366 days'],
    ['2025-01-01', '2026-01-01', 365 / 365.25, '365 days'],
    ['2025-01-01', '2025-01-01', 0, 'no follow-up'],
  ])('%s → %s = %d (%s)', (from, to, py) => expect(patientYears(from, to)).toBeCloseTo(py, 12));
});

describe('pooled vs per-participant ARR — outcomes.md §2 "mean of per-patient ARR ≠ pooled ARR"', () => {
  // A: 4 relapses in 4.0 PY (rate 1.0); B: 0 relapses in 8.0 PY (2000-01-01 → 2008-01-01 = 2922 days; rate 0).
  const cohort: ArrObservation[] = [
    {
      id: 'A',
      baseline: '2000-01-01',
      lastFollowUp: '2004-01-01',
      relapses: [{ onset: '2000-03-01' }, { onset: '2001-03-01' }, { onset: '2002-03-01' }, { onset: '2003-03-01' }],
    },
    { id: 'B', baseline: '2000-01-01', lastFollowUp: '2008-01-01', relapses: [] },
  ];
  it('pooled: 4 relapses / 12 patient-years = 1/3 (§2 pooled formula)', () => {
    const p = pooledArr(cohort);
    expect(p.relapses).toBe(4);
    expect(p.patientYears).toBeCloseTo(12, 12);
    expect(p.arr).toBeCloseTo(1 / 3, 12);
  });
  it('per participant: mean of 1.0 and 0 = 0.5, median 0.5 (§2 per-patient formula)', () => {
    const p = perParticipantArr(cohort);
    expect(p.meanArr).toBeCloseTo(0.5, 12);
    expect(p.medianArr).toBeCloseTo(0.5, 12);
    expect(p.patientYears).toBeCloseTo(12, 12);
    expect(p.perParticipant.map((x) => [x.id, x.relapses, x.arr])).toEqual([
      ['A', 4, 1],
      ['B', 0, 0],
    ]);
  });
});

describe('participantArr — which relapses count (outcomes.md §1, §2)', () => {
  it.each<{ why: string; obs: ArrObservation; relapses: number }>([
    {
      why: 'onsets on the baseline and on the last follow-up day are inside the observed period',
      obs: { baseline: '2024-01-01', lastFollowUp: '2024-12-31', relapses: [{ onset: '2024-01-01' }, { onset: '2024-12-31' }] },
      relapses: 2,
    },
    {
      why: 'onsets outside the period do not count',
      obs: { baseline: '2024-01-01', lastFollowUp: '2024-12-31', relapses: [{ onset: '2023-12-31' }, { onset: '2025-01-01' }] },
      relapses: 0,
    },
    {
      why: '§1 R4: second onset 29 days later is the same relapse; R2 pseudo-relapse not counted',
      obs: {
        baseline: '2024-01-01',
        lastFollowUp: '2024-12-31',
        relapses: [{ onset: '2024-03-01' }, { onset: '2024-03-30' }, { onset: '2024-06-01', feverOrInfection: true }],
      },
      relapses: 1,
    },
  ])('$why', ({ obs, relapses }) => expect(participantArr(obs).relapses).toBe(relapses));

  it('0-day follow-up: pooled keeps it (adds 0 PY); per-participant mean excludes it and says so', () => {
    const cohort: ArrObservation[] = [
      { baseline: '2000-01-01', lastFollowUp: '2004-01-01', relapses: [{ onset: '2001-01-01' }] },
      { baseline: '2000-01-01', lastFollowUp: '2000-01-01', relapses: [{ onset: '2000-01-01' }] },
    ];
    expect(pooledArr(cohort)).toMatchObject({ relapses: 2, patientYears: 4, arr: 0.5 });
    const per = perParticipantArr(cohort);
    expect(per).toMatchObject({ participants: 1, excludedZeroFollowUp: 1, meanArr: 0.25 });
  });
});
