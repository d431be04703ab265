import { addDays } from '../dates';
import { ParticipantHistory } from '../history';
import { PK_ADVISORY, predictTroughs } from './predict-troughs';

const ONE_CMT = 'natalizumab-1cmt-linear-illustrative';
const LABEL = 'natalizumab-2cmt-mm-label-calibrated';

/** `n` infusions every `weeks` weeks from `start`. */
function q(weeks: number, n: number, start = '2020-01-06'): { date: string }[] {
  return Array.from({ length: n }, (_, i) => ({ date: addDays(start, i * weeks * 7) }));
}
const q4wFourYears = q(4, 53);
const lastDate = q4wFourYears[52].date;

describe('predictTroughs with the linear one-compartment model (pk-model.md §4)', () => {
  // Example 3: a Q4W steady-state trough of 25.0 µg/mL equals the model's typical prediction
  // (CL_pop = 9.616 mL/h, V 5.7 L), so the MAP estimate is η = 0 and the table of Example 3 follows.
  const history: ParticipantHistory = { infusions: q4wFourYears, troughs: [{ date: lastDate, ugPerMl: 25.0 }] };
  const r = predictTroughs(history, { modelId: ONE_CMT, maxIntervalWeeks: 8, targetUgPerMl: 10 });

  it.each([
    ['§4 Example 3: Q4W 25.000', 4, 25.0, null],
    ['§4 Example 3: Q5W 16.856, first after switch 18.830', 5, 16.856, 18.83],
    ['§4 Example 3: Q6W 11.767, first after switch 14.183', 6, 11.767, 14.183],
    ['§4 Example 3: Q7W 8.400, first after switch 10.683', 7, 8.39956, 10.683],
    ['§4 Example 3: Q8W 6.087, first after switch 8.046', 8, 6.087, 8.046],
  ])('%s', (_, weeks, ss, first) => {
    const c = r.candidates.find((x) => x.intervalWeeks === weeks)!;
    expect(Math.abs(c.steadyStateTroughUgPerMl - ss)).toBeLessThan(0.01);
    if (first !== null) expect(Math.abs(c.firstTroughAfterSwitchUgPerMl! - first)).toBeLessThan(0.01);
    expect(c.lower).toBeLessThan(c.steadyStateTroughUgPerMl);
    expect(c.upper).toBeGreaterThan(c.steadyStateTroughUgPerMl);
  });

  it.each([
    ['§4 Example 3: target 10 µg/mL → 6 weeks (7 weeks gives 8.400 < 10)', 10, 6],
    ['§4 Example 3: target 5 µg/mL → 8 weeks (6.087 ≥ 5; 8 is the cap)', 5, 8],
    ['§3d: target 30 µg/mL missed even at 4 weeks → 4 weeks with a flag', 30, 4],
  ])('%s', (_, target, weeks) => {
    // minProbability 0.5 reproduces §3d's point-estimate rule: with one random effect (η on CL) the steady-state
    // trough is monotone in η, so P(trough ≥ target) ≥ 0.5 ⇔ the posterior median (= the MAP value) ≥ target.
    const res = predictTroughs(history, { modelId: ONE_CMT, maxIntervalWeeks: 8, targetUgPerMl: target, minProbability: 0.5 });
    expect(res.recommendedIntervalWeeks).toBe(weeks);
    expect(res.targetNotMetAtMinimum).toBe(target === 30);
  });

  it('reports the fit: observed vs predicted, RMSE, individual CL in mL/h', () => {
    expect(r.fit).toHaveLength(1);
    expect(Math.abs(r.fit[0].predictedUgPerMl - 25.0)).toBeLessThan(0.01);
    expect(r.fitQuality.n).toBe(1);
    expect(r.fitQuality.rmseUgPerMl!).toBeLessThan(0.01);
    expect(Math.abs(r.fitQuality.individualParameters.CL.value - 9.616)).toBeLessThan(0.001);
    expect(r.fitQuality.individualParameters.CL.unit).toBe('mL/h');
  });

  it.each([
    ['§4 Example 5: 55 kg → CL 8.083 mL/h, Q4W 33.054, Q6W 16.581', 55, 8.083, 33.054, 16.581],
    ['§4 Example 5: 70 kg → CL 9.616 mL/h, Q4W 25.000, Q6W 11.767', 70, 9.616, 25.0, 11.767],
    ['§4 Example 5: 100 kg → CL 12.432 mL/h, Q4W 15.822, Q6W 6.577', 100, 12.432, 15.822, 6.577],
  ])('no troughs → typical value; %s', (_, weightKg, cl, q4, q6) => {
    const res = predictTroughs({ participant: { weightKg }, infusions: q4wFourYears }, { modelId: ONE_CMT, maxIntervalWeeks: 6 });
    expect(res.fitQuality.typicalValuesOnly).toBe(true);
    expect(Math.abs(res.fitQuality.individualParameters.CL.value - cl)).toBeLessThan(0.001);
    expect(Math.abs(res.candidates[0].steadyStateTroughUgPerMl - q4)).toBeLessThan(0.01);
    expect(Math.abs(res.candidates[2].steadyStateTroughUgPerMl - q6)).toBeLessThan(0.01);
    expect(res.recommendedIntervalWeeks).toBeNull();
  });
});

describe('predictTroughs with the label-calibrated two-compartment comparison model (pk-model.md §6)', () => {
  const r = predictTroughs({ infusions: q(4, 66) }, { modelId: LABEL, maxIntervalWeeks: 8, targetUgPerMl: 5 });

  it('is selectable by id and carries its validation status and the advisory', () => {
    expect(r.model.id).toBe('natalizumab-2cmt-mm-label-calibrated');
    expect(r.model.validationStatus).toMatch(/not a published fit/);
    expect(r.advisory).toBe('Predictions are advisory; the protocol rule decides.');
    expect(r.advisory).toBe(PK_ADVISORY);
  });

  it.each([
    ['§6: Q4W steady-state trough 26.00', 4, 26.0, null],
    ['§6: Q5W 15.22', 5, 15.22, null],
    ['§6: Q6W 9.10; first trough after switching from Q4W steady state 13.99', 6, 9.1, 13.99],
    ['§6: Q7W 5.51', 7, 5.51, null],
    ['§6: Q8W 3.38; first trough after switching from Q4W steady state 6.79', 8, 3.38, 6.79],
  ])('no troughs → typical value; %s', (_, weeks, ss, first) => {
    const c = r.candidates.find((x) => x.intervalWeeks === weeks)!;
    expect(Math.abs(c.steadyStateTroughUgPerMl - ss)).toBeLessThan(0.05);
    if (first !== null) expect(Math.abs(c.firstTroughAfterSwitchUgPerMl! - first)).toBeLessThan(0.05);
  });

  it.each([
    ['§6 table + §3d: target 10 → 5 weeks (Q5W 15.22, Q6W 9.10 < 10)', 10, 5],
    ['§6 table + §3d: target 2 → 8 weeks, the cap (Q8W 3.38)', 2, 8],
    ['§6 table + §3d: target 26.5 → 4 weeks flagged (Q4W 26.00 < 26.5, unrounded comparison)', 26.5, 4],
  ])('%s', (_, target, weeks) => {
    // minProbability 0.5: the §3d point-estimate rule (the prior median of each trough is near its typical value).
    const res = predictTroughs(
      { infusions: q(4, 66) },
      { modelId: LABEL, maxIntervalWeeks: 8, targetUgPerMl: target, minProbability: 0.5 },
    );
    expect(res.recommendedIntervalWeeks).toBe(weeks);
    expect(res.targetNotMetAtMinimum).toBe(target === 26.5);
  });

  it('target 5: Q7W 5.51 is within 10 % of the target, so P at 7 weeks is near ½ (two random effects): 6 or 7 weeks, consistent with the probabilities', () => {
    const res = predictTroughs({ infusions: q(4, 66) }, { modelId: LABEL, maxIntervalWeeks: 8, targetUgPerMl: 5, minProbability: 0.5 });
    expect([6, 7]).toContain(res.recommendedIntervalWeeks);
    const p = (w: number) => res.candidates.find((c) => c.intervalWeeks === w)!.probabilityAtOrAboveTarget!;
    expect(p(res.recommendedIntervalWeeks!)).toBeGreaterThanOrEqual(0.5);
    expect(p(res.recommendedIntervalWeeks! + 1)).toBeLessThan(0.5);
  });

  it('individualises from troughs: low troughs lower the predictions and narrow the interval', () => {
    const infusions = q(4, 40);
    const troughs = [30, 33, 36, 39].map((i) => ({ date: infusions[i].date, ugPerMl: 12.0 }));
    const fitted = predictTroughs({ infusions, troughs }, { modelId: LABEL, maxIntervalWeeks: 8 });
    const prior = predictTroughs({ infusions }, { modelId: LABEL, maxIntervalWeeks: 8 });
    expect(fitted.fitQuality.converged).toBe(true);
    expect(Math.abs(fitted.candidates[0].steadyStateTroughUgPerMl - 12.0)).toBeLessThan(2.5);
    const width = (x: typeof prior) => Math.log(x.candidates[0].upper / x.candidates[0].lower);
    expect(width(fitted)).toBeLessThan(width(prior));
  });

  it('is deterministic (no clock, no random numbers)', () => {
    const h: ParticipantHistory = {
      participant: { weightKg: 82 },
      infusions: q(5, 30),
      troughs: [{ date: q(5, 30)[29].date, ugPerMl: 8.3 }],
    };
    expect(predictTroughs(h, { maxIntervalWeeks: 8 })).toEqual(predictTroughs(h, { maxIntervalWeeks: 8 }));
  });
});

describe('predictTroughs input handling', () => {
  const infusions = q(4, 30);
  it('asOf ignores later infusions and troughs', () => {
    const asOf = infusions[19].date;
    const troughs = [
      { date: infusions[19].date, ugPerMl: 20 },
      { date: infusions[25].date, ugPerMl: 5 },
    ];
    const a = predictTroughs({ infusions, troughs }, { maxIntervalWeeks: 6, asOf });
    const b = predictTroughs({ infusions: infusions.slice(0, 20), troughs: troughs.slice(0, 1) }, { maxIntervalWeeks: 6, asOf });
    expect(a).toEqual(b);
  });

  it('below-LLOQ troughs are censored and flagged; samples without a preceding infusion or a result are excluded', () => {
    const troughs = [
      { date: '2019-12-01', ugPerMl: 3 }, // before the first infusion: not a trough (natalizumab.md §6)
      { date: infusions[10].date }, // no result: not a trough
      { date: infusions[20].date, belowLloq: true },
      { date: infusions[21].date, belowLloq: true, ugPerMl: 0.5 },
    ];
    const r = predictTroughs({ infusions, troughs }, { maxIntervalWeeks: 6 });
    expect(r.fitQuality.nExcluded).toBe(1);
    expect(r.fit.map((f) => [f.observedUgPerMl, f.belowLloq])).toEqual([
      [1.0, true],
      [0.5, true],
    ]);
    expect(r.fitQuality.rmseUgPerMl).toBeNull();
  });

  it('skips infusions not administered', () => {
    const withPlanned = [...infusions, { date: addDays(infusions[29].date, 28), administered: false }];
    expect(predictTroughs({ infusions: withPlanned }, { maxIntervalWeeks: 5 })).toEqual(
      predictTroughs({ infusions }, { maxIntervalWeeks: 5 }),
    );
  });

  it('with no infusions the first trough after a switch is null', () => {
    const r = predictTroughs({ infusions: [] }, { maxIntervalWeeks: 5 });
    expect(r.candidates.map((c) => c.firstTroughAfterSwitchUgPerMl)).toEqual([null, null]);
  });

  it.each([
    ['unknown model', { modelId: 'nope', maxIntervalWeeks: 8 }, /unknown PK model/],
    ['max < min', { minIntervalWeeks: 6, maxIntervalWeeks: 5 }, /interval weeks/],
    ['fractional weeks', { maxIntervalWeeks: 6.5 }, /interval weeks/],
    ['non-positive target', { maxIntervalWeeks: 8, targetUgPerMl: 0 }, /targetUgPerMl/],
    ['bad asOf', { maxIntervalWeeks: 8, asOf: '2024-02-30' }, /asOf/],
  ])('rejects %s', (_, options, message) => {
    expect(() => predictTroughs({ infusions }, options as never)).toThrow(message);
  });
});
