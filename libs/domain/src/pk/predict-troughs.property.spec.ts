import fc from 'fast-check';
import { addDays } from '../dates';
import { predictTroughs } from './predict-troughs';

// Property (docs/science/pk-model.md §2/§6 structure): more time between doses can only lower the trough, for both
// models, whatever the participant's history, weight and measured troughs.
describe.each([
  ['natalizumab-1cmt-linear-illustrative', 60],
  ['natalizumab-2cmt-mm-label-calibrated', 25],
])('predicted troughs fall as the interval grows (%s)', (modelId, numRuns) => {
  it('steady-state and first-after-switch troughs strictly decrease from 4 to 10 weeks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 4, max: 8 }), { minLength: 3, maxLength: 40 }),
        fc.option(fc.integer({ min: 40, max: 140 }), { nil: undefined }),
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 0.5, max: 90, noNaN: true })), { maxLength: 6 }),
        (gapsW, weightKg, samples) => {
          const infusions = [{ date: '2021-03-01' }];
          for (const w of gapsW) infusions.push({ date: addDays(infusions[infusions.length - 1].date, w * 7) });
          const troughs = samples.map(([i, c]) => ({ date: infusions[1 + (i % (infusions.length - 1))].date, ugPerMl: c }));
          const r = predictTroughs({ participant: { weightKg }, infusions, troughs }, { modelId, maxIntervalWeeks: 10 });
          for (let k = 1; k < r.candidates.length; k++) {
            const [prev, cur] = [r.candidates[k - 1], r.candidates[k]];
            expect(cur.steadyStateTroughUgPerMl).toBeLessThan(prev.steadyStateTroughUgPerMl);
            expect(cur.firstTroughAfterSwitchUgPerMl!).toBeLessThan(prev.firstTroughAfterSwitchUgPerMl!);
            expect(cur.lower).toBeLessThanOrEqual(cur.steadyStateTroughUgPerMl);
            expect(cur.upper).toBeGreaterThanOrEqual(cur.steadyStateTroughUgPerMl);
          }
        },
      ),
      { numRuns, seed: 20261125 },
    );
  });
});
