import { RelapseRecord } from '../history';
import { participantArr } from './annualised-relapse-rate';
import { classifyRelapses, countedRelapseOnsets, relapseEventRule } from './relapse-classification';

const classes = (relapses: RelapseRecord[], options = {}) => classifyRelapses(relapses, options).map((c) => c.classification);

describe('classifyRelapses — outcomes.md §1 decision table R1–R5', () => {
  it.each<{ why: string; relapses: RelapseRecord[]; expected: string[]; options?: object }>([
    { why: '§1 R1: 23 h → NOT_RELAPSE (transient)', relapses: [{ onset: '2024-01-10', durationHours: 23 }], expected: ['NOT_RELAPSE'] },
    { why: '§1 definition: ≥ 24 h → 24 h is a relapse', relapses: [{ onset: '2024-01-10', durationHours: 24 }], expected: ['RELAPSE'] },
    {
      why: '§1 R2: fever or infection → PSEUDO_RELAPSE',
      relapses: [{ onset: '2024-01-10', feverOrInfection: true }],
      expected: ['PSEUDO_RELAPSE'],
    },
    {
      why: '§1 R1 before R2: 10 h with fever → NOT_RELAPSE',
      relapses: [{ onset: '2024-01-10', durationHours: 10, feverOrInfection: true }],
      expected: ['NOT_RELAPSE'],
    },
    {
      why: '§1 R3: no objective sign, protocol requires one → UNCONFIRMED_RELAPSE',
      relapses: [{ onset: '2024-01-10', objectiveChange: false }],
      expected: ['UNCONFIRMED_RELAPSE'],
    },
    {
      why: '§1 R3: not confirmed by the neurologist → UNCONFIRMED_RELAPSE',
      relapses: [{ onset: '2024-01-10', confirmedByNeurologist: false }],
      expected: ['UNCONFIRMED_RELAPSE'],
    },
    {
      why: '§1 R3 applies only if the protocol requires a sign',
      relapses: [{ onset: '2024-01-10', objectiveChange: false }],
      options: { requireObjectiveSign: false },
      expected: ['RELAPSE'],
    },
    {
      why: '§1 R4: onset 29 days after → SAME_RELAPSE',
      relapses: [{ onset: '2024-01-01' }, { onset: '2024-01-30' }],
      expected: ['RELAPSE', 'SAME_RELAPSE'],
    },
    {
      why: '§1 boundary: exactly 30 days → R5 separate relapse',
      relapses: [{ onset: '2024-01-01' }, { onset: '2024-01-31' }],
      expected: ['RELAPSE', 'RELAPSE'],
    },
    {
      why: '§1 R4 counts from the previous *counted* relapse: days 0, 20, 40 → RELAPSE, SAME, RELAPSE',
      relapses: [{ onset: '2024-01-01' }, { onset: '2024-01-21' }, { onset: '2024-02-10' }],
      expected: ['RELAPSE', 'SAME_RELAPSE', 'RELAPSE'],
    },
    {
      why: '§1 R4: a pseudo-relapse is not a counted relapse, so an event 10 days later is a new RELAPSE',
      relapses: [{ onset: '2024-01-01', feverOrInfection: true }, { onset: '2024-01-11' }],
      expected: ['PSEUDO_RELAPSE', 'RELAPSE'],
    },
    {
      why: '§1 boundary across a leap day: 2024-02-15 → 2024-03-16 is 30 days → separate',
      relapses: [{ onset: '2024-02-15' }, { onset: '2024-03-16' }],
      expected: ['RELAPSE', 'RELAPSE'],
    },
    {
      why: '§1 same dates in a non-leap year: 2023-02-15 → 2023-03-16 is 29 days → same relapse',
      relapses: [{ onset: '2023-02-15' }, { onset: '2023-03-16' }],
      expected: ['RELAPSE', 'SAME_RELAPSE'],
    },
    {
      why: 'unsorted input is classified in onset order',
      relapses: [{ onset: '2024-01-30' }, { onset: '2024-01-01' }],
      expected: ['RELAPSE', 'SAME_RELAPSE'],
    },
  ])('$why', ({ relapses, expected, options }) => {
    expect(classes(relapses, options)).toEqual(expected);
  });

  it('§1 R3 "counted only if the protocol says so": countUnconfirmed → counted and anchors R4', () => {
    const c = classifyRelapses([{ onset: '2024-01-01', objectiveChange: false }, { onset: '2024-01-15' }], { countUnconfirmed: true });
    expect(c.map((x) => [x.classification, x.counted])).toEqual([
      ['UNCONFIRMED_RELAPSE', true],
      ['SAME_RELAPSE', false],
    ]);
    expect(c[1].mergedIntoOnset).toBe('2024-01-01');
  });

  it('countedRelapseOnsets returns only counted onsets', () => {
    expect(
      countedRelapseOnsets([
        { onset: '2024-01-01' },
        { onset: '2024-01-10' },
        { onset: '2024-03-01', durationHours: 2 },
        { onset: '2024-05-01' },
      ]),
    ).toEqual(['2024-01-01', '2024-05-01']);
  });
});

describe('relapseEventRule — R1–R3 for one event (the definition the dosing engine and eligibility use too)', () => {
  it.each<[string, RelapseRecord, boolean, string, boolean]>([
    // [why, record, countUnconfirmed, classification, counts]
    ['R1: 23 h < 24 h → transient, never counts', { onset: '2024-01-10', durationHours: 23 }, true, 'NOT_RELAPSE', false],
    ['24 h meets "≥ 24 h"', { onset: '2024-01-10', durationHours: 24 }, false, 'RELAPSE', true],
    ['R2: fever → pseudo-relapse, never counts', { onset: '2024-01-10', feverOrInfection: true }, true, 'PSEUDO_RELAPSE', false],
    [
      'R3: not confirmed by a neurologist, protocol does not count them',
      { onset: '2024-01-10', confirmedByNeurologist: false },
      false,
      'UNCONFIRMED_RELAPSE',
      false,
    ],
    [
      'R3: not confirmed by a neurologist, protocol counts them (EV-R3 true)',
      { onset: '2024-01-10', confirmedByNeurologist: false },
      true,
      'UNCONFIRMED_RELAPSE',
      true,
    ],
    ['absent inputs: a protocol-defined relapse', { onset: '2024-01-10' }, false, 'RELAPSE', true],
  ])('%s', (_why, record, countUnconfirmed, classification, counts) => {
    expect(relapseEventRule(record, { countUnconfirmed })).toMatchObject({ classification, counts });
  });
});

describe('golden relapse histories (issue 14 audit) — worked by hand from outcomes.md §1', () => {
  it('a chain at 20-day gaps: onsets day 0, 20, 40, 60, 80 → counted at 0, 40, 80', () => {
    // 2024-01-01 counted (first). 01-21: 20 days after 01-01 < 30 → R4 same.
    // 02-10: 40 days after the last COUNTED onset 01-01 ≥ 30 → R5, counted. 03-01: 20 days after 02-10 → same.
    // 03-21: 40 days after 02-10 → counted. Compared with the previous EVENT every gap is 20 days → only 1.
    const onsets = ['2024-01-01', '2024-01-21', '2024-02-10', '2024-03-01', '2024-03-21'];
    expect(countedRelapseOnsets(onsets.map((onset) => ({ onset })))).toEqual(['2024-01-01', '2024-02-10', '2024-03-21']);
  });

  it('five relapses exactly 30 days apart are five relapses (boundary: 30 days → R5)', () => {
    // 2024-01-01 + 30 = 01-31, + 30 = 03-01 (Jan 31 → Mar 1 in a leap year: 29 + 1 = 30), + 30 = 03-31, + 30 = 04-30.
    const onsets = ['2024-01-01', '2024-01-31', '2024-03-01', '2024-03-31', '2024-04-30'];
    expect(countedRelapseOnsets(onsets.map((onset) => ({ onset })))).toEqual(onsets);
  });

  it('an unconfirmed event with the protocol parameter both ways', () => {
    // 01-01 unconfirmed, 01-20 confirmed (19 days later).
    const history: RelapseRecord[] = [{ onset: '2024-01-01', confirmedByNeurologist: false }, { onset: '2024-01-20' }];
    // Not counted: 01-01 neither counts nor anchors R4, so 01-20 is the first counted relapse.
    expect(countedRelapseOnsets(history, { countUnconfirmed: false })).toEqual(['2024-01-20']);
    // Counted: 01-01 counts and anchors; 01-20 is 19 < 30 days later → same relapse.
    expect(countedRelapseOnsets(history, { countUnconfirmed: true })).toEqual(['2024-01-01']);
  });

  it('a < 24 h episode and a febrile one do not anchor R4', () => {
    // 01-01 lasted 12 h (R1), 01-10 with fever (R2), 01-25 a relapse: the first counted onset is 01-25;
    // 02-20 is 26 days after it → same relapse.
    const history: RelapseRecord[] = [
      { onset: '2024-01-01', durationHours: 12 },
      { onset: '2024-01-10', durationHours: 72, feverOrInfection: true },
      { onset: '2024-01-25', durationHours: 48, feverOrInfection: false },
      { onset: '2024-02-20' },
    ];
    expect(countedRelapseOnsets(history)).toEqual(['2024-01-25']);
  });

  it('a relapse on the screening form anchors R4 but is never an on-study relapse (§1 R4, §2)', () => {
    // Screening relapse 2025-12-28; enrolment (baseline) 2026-01-12; on study 01-20 = 4 + 16 = 23 days after it (< 30 →
    // same relapse) and 02-20 = 4 + 31 + 20 = 55 days after it (counted); last follow-up 03-12 = 19 + 28 + 12 = 59 days.
    const screening: RelapseRecord = { onset: '2025-12-28', confirmedByNeurologist: true, durationHours: 72 };
    const onStudy: RelapseRecord[] = [{ onset: '2026-01-20' }, { onset: '2026-02-20' }];
    expect(classes([screening, ...onStudy])).toEqual(['RELAPSE', 'SAME_RELAPSE', 'RELAPSE']);
    const arr = participantArr({ relapses: [screening, ...onStudy], baseline: '2026-01-12', lastFollowUp: '2026-03-12' });
    expect(arr).toMatchObject({ relapses: 1, patientYears: 59 / 365.25 });
    // Without the screening relapse 01-20 would count and 02-20 (31 days after it) too: an over-count of 2.
    expect(participantArr({ relapses: onStudy, baseline: '2026-01-12', lastFollowUp: '2026-03-12' }).relapses).toBe(2);
    // A screening relapse alone adds nothing on study (onset before the baseline).
    expect(participantArr({ relapses: [screening], baseline: '2026-01-12', lastFollowUp: '2026-03-12' }).relapses).toBe(0);
  });
});
