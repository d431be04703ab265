import { RelapseRecord } from '../history';
import { classifyRelapses, countedRelapseOnsets } from './relapse-classification';

const classes = (relapses: RelapseRecord[], options = {}) => classifyRelapses(relapses, options).map((c) => c.classification);

describe('classifyRelapses — outcomes.md §1 decision table R1–R5', () => {
  it.each<{ why: string; relapses: RelapseRecord[]; expected: string[]; options?: object }>([
    { why: '§1 R1: 23 h → NOT_RELAPSE (transient)', relapses: [{ onset: '2024-01-10', durationHours: 23 }], expected: ['NOT_RELAPSE'] },
    { why: '§1 definition: ≥ 24 h → 24 h is a relapse', relapses: [{ onset: '2024-01-10', durationHours: 24 }], expected: ['RELAPSE'] },
    { why: '§1 R2: fever or infection → PSEUDO_RELAPSE', relapses: [{ onset: '2024-01-10', feverOrInfection: true }], expected: ['PSEUDO_RELAPSE'] },
    { why: '§1 R1 before R2: 10 h with fever → NOT_RELAPSE', relapses: [{ onset: '2024-01-10', durationHours: 10, feverOrInfection: true }], expected: ['NOT_RELAPSE'] },
    { why: '§1 R3: no objective sign, protocol requires one → UNCONFIRMED_RELAPSE', relapses: [{ onset: '2024-01-10', objectiveChange: false }], expected: ['UNCONFIRMED_RELAPSE'] },
    { why: '§1 R3: not confirmed by the neurologist → UNCONFIRMED_RELAPSE', relapses: [{ onset: '2024-01-10', confirmedByNeurologist: false }], expected: ['UNCONFIRMED_RELAPSE'] },
    {
      why: '§1 R3 applies only if the protocol requires a sign',
      relapses: [{ onset: '2024-01-10', objectiveChange: false }],
      options: { requireObjectiveSign: false },
      expected: ['RELAPSE'],
    },
    { why: '§1 R4: onset 29 days after → SAME_RELAPSE', relapses: [{ onset: '2024-01-01' }, { onset: '2024-01-30' }], expected: ['RELAPSE', 'SAME_RELAPSE'] },
    { why: '§1 boundary: exactly 30 days → R5 separate relapse', relapses: [{ onset: '2024-01-01' }, { onset: '2024-01-31' }], expected: ['RELAPSE', 'RELAPSE'] },
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
    { why: 'unsorted input is classified in onset order', relapses: [{ onset: '2024-01-30' }, { onset: '2024-01-01' }], expected: ['RELAPSE', 'SAME_RELAPSE'] },
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
    expect(countedRelapseOnsets([{ onset: '2024-01-01' }, { onset: '2024-01-10' }, { onset: '2024-03-01', durationHours: 2 }, { onset: '2024-05-01' }])).toEqual([
      '2024-01-01',
      '2024-05-01',
    ]);
  });
});
