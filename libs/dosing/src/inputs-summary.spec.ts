import { ParticipantHistory } from '@eid/domain';
import { lastInfusionOf, sameProposal, summariseInputs } from './inputs-summary';

// Fixture: protocols/examples/activity.json shape (infusions, troughs, one decision), plus records after as-of.
const history: ParticipantHistory = {
  infusions: [
    { date: '2025-03-31', doseMg: 300 },
    { date: '2025-01-06', doseMg: 300 },
    { date: '2025-02-03', administered: false },
    { date: '2025-05-05', doseMg: 300 },
  ],
  troughs: [
    { date: '2025-03-31', ugPerMl: 24.1 },
    { date: '2025-04-28' },
    { date: '2025-05-05', belowLloq: true },
    { date: '2025-06-02', ugPerMl: 20 },
  ],
  mri: [{ date: '2025-04-14', newOrEnlargingT2: 1, gadoliniumEnhancing: 0 }],
  decisions: [{ date: '2025-03-31', intervalWeeks: 5 }],
};

describe('summariseInputs', () => {
  it('counts what the engine sees as of the day: given infusions, troughs with a result, later records ignored', () => {
    expect(summariseInputs(history, '2025-05-05', '2025-01-06')).toEqual({
      asOf: '2025-05-05',
      inclusionDate: '2025-01-06',
      infusions: { count: 3, first: '2025-01-06', last: '2025-05-05', notAdministered: 1 },
      // docs/science/protocols.md rules of evidence: a sample with no result is not a trough; < LLOQ is one.
      troughs: { count: 2, withoutResult: 1, belowLloq: 1, latest: { date: '2025-05-05', ugPerMl: null, belowLloq: true } },
      relapses: 0,
      mriScans: 1,
      edssAssessments: 0,
      jcvTests: 0,
      decisions: [{ date: '2025-03-31', intervalWeeks: 5 }],
      ignoredAfterAsOf: 1,
    });
  });
});

describe('lastInfusionOf', () => {
  it.each([
    ['2025-05-05', '2025-05-05'],
    ['2025-05-04', '2025-03-31'],
    // 2025-02-03 was not administered: the interval counts from the last infusion actually given (A7).
    ['2025-02-10', '2025-01-06'],
    ['2024-12-31', null],
  ])('as of %s → %s', (asOf, expected) => {
    expect(lastInfusionOf(history, asOf)).toBe(expected);
  });
});

describe('sameProposal', () => {
  it('compares the decision and the next interval only', () => {
    expect(sameProposal({ decision: 'EXTEND', nextIntervalWeeks: 5 }, { decision: 'EXTEND', nextIntervalWeeks: 5 })).toBe(true);
    expect(sameProposal({ decision: 'EXTEND', nextIntervalWeeks: 5 }, { decision: 'KEEP', nextIntervalWeeks: 5 })).toBe(false);
    expect(sameProposal({ decision: 'EXTEND', nextIntervalWeeks: 5 }, { decision: 'EXTEND', nextIntervalWeeks: 6 })).toBe(false);
  });
});
