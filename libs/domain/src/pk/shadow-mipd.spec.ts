import { addDays } from '../dates';
import { ParticipantHistory } from '../history';
import { evaluateShadowDecisions, hasTroughAtNewInterval, intervalPredictionErrorPct, summariseShadow } from './shadow-mipd';

describe('interval prediction error (van den Berg 2025 "mean prediction error of the chosen interval")', () => {
  it.each([
    ['6 weeks vs reference 5: (6 − 5)/5 = +20 %', 6, 5, 20],
    ['5 vs 5: 0 %', 5, 5, 0],
    ['4 vs 5: (4 − 5)/5 = −20 %', 4, 5, -20],
    ['8 vs 6: 2/6 = +33.33 %', 8, 6, 33.333],
  ])('%s', (_, i, ref, pe) => expect(intervalPredictionErrorPct(i, ref)).toBeCloseTo(pe, 2));

  it('pooled mean (signed) and mean |PE|: +20 and −20 → 0 and 20', () => {
    const e = [20, -20].map((p, k) => ({
      decisionId: String(k),
      decidedOn: '2025-01-01',
      evaluable: true,
      reason: null,
      referenceIntervalWeeks: 5,
      protocolIntervalWeeks: 5,
      modelIntervalWeeks: 5,
      protocolErrorPct: p,
      modelErrorPct: 0,
    }));
    expect(summariseShadow(e)).toEqual({
      evaluable: 2,
      protocolMeanErrorPct: 0,
      protocolMeanAbsErrorPct: 20,
      modelMeanErrorPct: 0,
      modelMeanAbsErrorPct: 0,
    });
  });
});

describe('evaluability: a trough at the new interval', () => {
  // Decision on 2025-03-03 at the infusion of that day; next infusion 2025-04-14 (6 weeks).
  const history: ParticipantHistory = {
    infusions: [{ date: '2025-02-03' }, { date: '2025-03-03' }, { date: '2025-04-14' }],
    troughs: [
      { date: '2025-03-03', ugPerMl: 20 },
      { date: '2025-04-14', ugPerMl: 9 },
    ],
  };
  it('the decision-day trough is not at the new interval; the pre-dose trough 6 weeks later is', () => {
    expect(hasTroughAtNewInterval(history, '2025-03-03', 6, '2025-04-13')).toBe(false);
    expect(hasTroughAtNewInterval(history, '2025-03-03', 6, '2025-04-14')).toBe(true);
  });

  it('a decision between infusions: the interval starts at the last infusion before it (A7); 42 days = 6 whole weeks', () => {
    expect(hasTroughAtNewInterval(history, '2025-03-20', 6, '2025-04-14')).toBe(true);
    // A 5-week choice: the 6-week trough does not belong to it.
    expect(hasTroughAtNewInterval(history, '2025-03-20', 5, '2025-04-14')).toBe(false);
  });
});

describe('evaluateShadowDecisions on a typical participant (default model, pk-model.md §7)', () => {
  // 5 years Q4W then a decision to 5 weeks; a trough at 5 weeks equal to §7's switch value 19.74 (typical
  // patient): the a-posteriori fit stays typical, so the reference at target 10 is where the typical steady
  // state crosses 10 at P ≥ 0.5: Q5W 14.56 ≥ 10, Q6W 7.56 < 10 → 5 weeks.
  const q4w = Array.from({ length: 66 }, (_, i) => ({ date: addDays('2020-01-06', i * 28) }));
  const decidedOn = q4w[65].date;
  const next = addDays(decidedOn, 35);
  const history: ParticipantHistory = { infusions: [...q4w, { date: next }], troughs: [{ date: next, ugPerMl: 19.74 }] };
  const decisions = [
    {
      decisionId: 'd1',
      decidedOn,
      protocolIntervalWeeks: 6,
      chosenIntervalWeeks: 5,
      modelIntervalWeeks: 5,
      modelId: 'natalizumab-2cmt-mm-vandenberg2025',
      targetUgPerMl: 10,
    },
    {
      decisionId: 'd2',
      decidedOn,
      protocolIntervalWeeks: 5,
      chosenIntervalWeeks: 5,
      modelIntervalWeeks: null,
      modelId: null,
      targetUgPerMl: null,
    },
  ];
  const r = evaluateShadowDecisions(history, decisions, { minIntervalWeeks: 4, maxIntervalWeeks: 8 }, next);

  it('reference 5 weeks: protocol 6 → +20 %, model 5 → 0 %', () => {
    expect(r[0]).toMatchObject({ evaluable: true, referenceIntervalWeeks: 5, protocolErrorPct: 20, modelErrorPct: 0 });
  });

  it('a decision without a stored recommendation (no PK target) is not evaluated, with the reason', () => {
    expect(r[1]).toMatchObject({ evaluable: false, reason: expect.stringMatching(/no PK target/) });
  });
});
