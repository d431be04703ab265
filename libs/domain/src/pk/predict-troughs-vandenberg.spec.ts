import { addDays } from '../dates';
import { predictTroughs } from './predict-troughs';

// The default model (van den Berg 2025, docs/science/pk-model.md §7). Expected values are §7's reference values (two
// independent solvers there; tolerance ±0.05 µg/mL), never this code's output.
function q(weeks: number, n: number, start = '2020-01-06'): { date: string }[] {
  return Array.from({ length: n }, (_, i) => ({ date: addDays(start, i * weeks * 7) }));
}
const q4w = q(4, 66); // 5 years of Q4W: steady state (§7 build-up: 98 % of 25.59 after 7 doses)
const lastDate = q4w[65].date;

describe('predictTroughs with the default published model, no troughs (typical patient, pk-model.md §7)', () => {
  const r = predictTroughs({ infusions: q4w }, { maxIntervalWeeks: 8, targetUgPerMl: 10, asOf: lastDate });

  it('is the default and carries the §7 status wording and the weight exponents as not applied', () => {
    expect(r.model.id).toBe('natalizumab-2cmt-mm-vandenberg2025');
    expect(r.model.validationStatus).toContain("secondary, machine extraction of the paper's Table 2");
    expect(r.model.covariatesNotApplied[0].name).toBe('body weight');
    expect(r.posterior).toMatchObject({ method: 'importance-resampling-of-laplace-draws', samples: 400, proposals: 2000 });
  });

  it.each([
    ['Q4W 25.59', 4, 25.59, null],
    ['Q5W 14.56; first after switching from Q4W steady state 19.74', 5, 14.56, 19.74],
    ['Q6W 7.56; first 14.75', 6, 7.56, 14.75],
    ['Q7W 3.11; first 10.50', 7, 3.11, 10.5],
    ['Q8W 0.84; first 6.92', 8, 0.84, 6.92],
  ])('§7: %s', (_, weeks, ss, first) => {
    const c = r.candidates.find((x) => x.intervalWeeks === weeks)!;
    expect(Math.abs(c.steadyStateTroughUgPerMl - ss)).toBeLessThan(0.05);
    if (first !== null) expect(Math.abs(c.firstTroughAfterSwitchUgPerMl! - first)).toBeLessThan(0.05);
    expect(c.lower).toBeLessThan(c.steadyStateTroughUgPerMl);
    expect(c.upper).toBeGreaterThan(c.steadyStateTroughUgPerMl);
  });

  it('the first-trough band includes residual error: wider than the residual error alone', () => {
    // Proportional σ = 0.219 alone gives a 95 % band f·(1 ∓ 1.96·0.219) = f·0.571 … f·1.429; parameter
    // uncertainty only widens it. 6 weeks: f = 14.75 → lower ≤ 8.42, upper ≥ 21.08 (5 % slack for sampling).
    const c = r.candidates.find((x) => x.intervalWeeks === 6)!;
    expect(c.firstTroughLower!).toBeLessThan(14.75 * 0.571 * 1.05);
    expect(c.firstTroughUpper!).toBeGreaterThan(14.75 * 1.429 * 0.95);
    // The measured steady-state band is wider than the true-trough credible band.
    expect(c.steadyStatePredictionLower).toBeLessThan(c.lower);
    expect(c.steadyStatePredictionUpper).toBeGreaterThan(c.upper);
  });

  it('probabilities fall with the interval; recommendation = longest with P ≥ 0.9 (default)', () => {
    const p = r.candidates.map((c) => c.probabilityAtOrAboveTarget!);
    for (let k = 1; k < p.length; k++) expect(p[k]).toBeLessThanOrEqual(p[k - 1]);
    expect(r.target).toEqual({ ugPerMl: 10, minProbability: 0.9 });
    const longest = r.candidates.filter((c) => c.probabilityAtOrAboveTarget! >= 0.9).at(-1)!.intervalWeeks;
    expect(r.recommendedIntervalWeeks).toBe(longest);
    // Typical Q4W 25.59 is far above 10 (ω 22.8–31.5 %), Q6W 7.56 below: the answer is 4 or 5 weeks.
    expect([4, 5]).toContain(r.recommendedIntervalWeeks);
  });

  it.each([
    // target 10: 6 weeks first 14.75 ≥ 10 but steady 7.56 < 10; 7 weeks 10.50 ≥ 10 but 3.11 < 10; 8 weeks 6.92 < 10.
    [10, [6, 7]],
    // target 5: 6 weeks steady 7.56 ≥ 5 (no warning); 7 weeks 10.50 vs 3.11; 8 weeks 6.92 vs 0.84.
    [5, [7, 8]],
  ])('warns where the first trough clears target %d but the steady state does not: weeks %j', (target, weeks) => {
    const res = predictTroughs({ infusions: q4w }, { maxIntervalWeeks: 8, targetUgPerMl: target });
    expect(res.candidates.filter((c) => c.firstTroughOnlyWarning !== null).map((c) => c.intervalWeeks)).toEqual(weeks);
    expect(res.rationale).toMatch(/first trough after switching clears the target but the steady state does not/);
  });

  it('body weight is not applied (attachment unconfirmed): 55 kg and 100 kg give the same table', () => {
    const a = predictTroughs({ participant: { weightKg: 55 }, infusions: q4w }, { maxIntervalWeeks: 6 });
    const b = predictTroughs({ participant: { weightKg: 100 }, infusions: q4w }, { maxIntervalWeeks: 6 });
    expect(a.candidates).toEqual(b.candidates);
  });
});

describe('validity limits (pk-model.md §7: no wash-out, intervals up to 12 weeks)', () => {
  it('refuses candidate intervals beyond 12 weeks; 12 is allowed', () => {
    expect(() => predictTroughs({ infusions: q4w }, { maxIntervalWeeks: 13 })).toThrow(/beyond the model's validity \(12 weeks/);
    expect(predictTroughs({ infusions: q4w }, { minIntervalWeeks: 12, maxIntervalWeeks: 12 }).candidates).toHaveLength(1);
  });

  it.each([
    ['exactly 12 weeks (84 days) after the last infusion: valid', 84, false],
    ['12 weeks + 1 day: wash-out flagged', 85, true],
  ])('%s', (_, days, washout) => {
    const r = predictTroughs({ infusions: q4w }, { maxIntervalWeeks: 8, asOf: addDays(lastDate, days) });
    expect(r.validity.washout).toBe(washout);
    expect(r.validity.weeksSinceLastInfusion).toBe(12);
    expect(r.validity.messages.some((m) => /does not describe wash-out/.test(m))).toBe(washout);
  });

  it('a trough drawn > 12 weeks after its infusion is left out of the fit and counted; at exactly 12 weeks it counts', () => {
    const infusions = [...q(4, 20), { date: addDays(q(4, 20)[19].date, 12 * 7) }, { date: addDays(q(4, 20)[19].date, 12 * 7 + 13 * 7) }];
    const troughs = [
      { date: infusions[20].date, ugPerMl: 0.9 }, // 84 days after the previous infusion: inside
      { date: infusions[21].date, ugPerMl: 0.4 }, // 91 days: outside
    ];
    const r = predictTroughs({ infusions, troughs }, { maxIntervalWeeks: 8 });
    expect(r.fitQuality.n).toBe(1);
    expect(r.fitQuality.nOutsideValidity).toBe(1);
    expect(r.validity.messages.join(' ')).toMatch(/1 trough\(s\) drawn more than 12 weeks/);
  });
});

describe('course for the PK card plot (fitted curve + projection band for a chosen interval)', () => {
  const r = predictTroughs({ infusions: q4w }, { maxIntervalWeeks: 8, asOf: lastDate, courseIntervalWeeks: 6 });

  it('fitted curve: pre-dose value on the last infusion day is the Q4W steady-state trough 25.59 (§7)', () => {
    const preDose = r.course!.fitted.filter((p) => p.date === lastDate)[0];
    expect(Math.abs(preDose.ugPerMl - 25.59)).toBeLessThan(0.05);
  });

  it('projection: three 6-week intervals from the last infusion (126 days), band around the median', () => {
    const pts = r.course!.projection.points;
    expect(r.course!.projection.intervalWeeks).toBe(6);
    expect(pts[0].date).toBe(lastDate);
    expect(pts.at(-1)!.date).toBe(addDays(lastDate, 3 * 6 * 7));
    for (const p of pts) {
      expect(p.lower).toBeLessThanOrEqual(p.median);
      expect(p.upper).toBeGreaterThanOrEqual(p.median);
    }
  });

  it('refuses a course interval outside the candidates', () => {
    expect(() => predictTroughs({ infusions: q4w }, { maxIntervalWeeks: 8, courseIntervalWeeks: 9 })).toThrow(/courseIntervalWeeks/);
  });
});
