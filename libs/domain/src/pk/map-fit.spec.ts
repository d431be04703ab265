import { mapFit, PkObservation } from './map-fit';
import { createPkEngine } from './pk-engine';
import { PkModelDefinition, typicalValues } from './pk-model-definition';
import { getPkModel } from './pk-registry';

// docs/science/pk-model.md §4 Example 4 (MAP, §3c): CL_pop = 9.616 mL/h, ω = 0.4, σ = 0.15 (illustrative), two
// Q4W steady-state troughs 40.0 and 44.0 µg/mL. The 1-cmt model file carries exactly these values.
const oneCmt = getPkModel('natalizumab-1cmt-linear-illustrative')!;

function withSigma(model: PkModelDefinition, sigma: number): PkModelDefinition {
  return { ...model, residualError: { ...model.residualError, sigma } };
}

/** 4 years of Q4W (steady state, §5: 97 % after 3 doses) with the two troughs at the last two doses. */
const doses = Array.from({ length: 53 }, (_, i) => ({ timeH: i * 672, doseMg: 300, durationH: 1 }));
const troughs: PkObservation[] = [
  { timeH: 51 * 672, ugPerMl: 40.0, belowLloq: false },
  { timeH: 52 * 672, ugPerMl: 44.0, belowLloq: false },
];

describe('MAP fit (pk-model.md §3c)', () => {
  it.each([
    ['§4 Example 4: σ = 0.15 → η = −0.3216, CL = 6.972 mL/h', 0.15, -0.3216, 6.972],
    ['§4 Example 4: σ = 0.30 → η = −0.2941, CL = 7.166 mL/h', 0.3, -0.2941, 7.166],
  ])('%s', (_, sigma, eta, clMlPerH) => {
    const model = withSigma(oneCmt, sigma);
    const fit = mapFit(createPkEngine(model), typicalValues(model), doses, troughs);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.eta[0] - eta)).toBeLessThan(0.0005);
    expect(Math.abs(fit.parameters.CL * 1000 - clMlPerH)).toBeLessThan(0.005);
  });

  it('§4 Example 4: with the MAP CL the predicted Q8W steady-state trough = 12.614 µg/mL', () => {
    const engine = createPkEngine(oneCmt);
    const fit = mapFit(engine, typicalValues(oneCmt), doses, troughs);
    expect(Math.abs(engine.steadyState(fit.parameters, 300, 8 * 168).troughUgPerMl - 12.614)).toBeLessThan(0.01);
  });

  it('without observations the result is the typical value and the prior covariance (§3c prior ω²)', () => {
    const fit = mapFit(createPkEngine(oneCmt), typicalValues(oneCmt), doses, []);
    expect(fit.eta).toEqual([0]);
    expect(fit.etaCovariance[0][0]).toBeCloseTo(0.16, 10);
  });

  it('a below-LLOQ trough is censored: it pushes clearance up, never to the LLOQ itself', () => {
    const engine = createPkEngine(oneCmt);
    const blq: PkObservation[] = [{ timeH: 52 * 672, ugPerMl: 1.0, belowLloq: true }];
    const fit = mapFit(engine, typicalValues(oneCmt), doses, blq);
    expect(fit.eta[0]).toBeGreaterThan(0);
    expect(fit.predictedUgPerMl[0]).toBeGreaterThan(0); // may stay above the LLOQ: the prior limits the shift
  });

  it('two random effects (§6 model) recover the data-generating η from noise-free troughs within the prior pull', () => {
    const model = getPkModel('natalizumab-2cmt-mm-label-calibrated')!;
    const engine = createPkEngine(model);
    const base = typicalValues(model);
    const q = { ...base, CL: base.CL * Math.exp(0.3), Vmax: base.Vmax * Math.exp(-0.2) };
    const sched = Array.from({ length: 40 }, (_, i) => ({
      timeH: i < 25 ? i * 672 : 24 * 672 + (i - 24) * 1008,
      doseMg: 300,
      durationH: 1,
    }));
    const times = [5, 10, 15, 20, 24, 27, 30, 33, 36, 39].map((i) => sched[i].timeH);
    const obs = engine.concentrations(q, sched, times).map((c, j) => ({ timeH: times[j], ugPerMl: c, belowLloq: false }));
    const fit = mapFit(engine, base, sched, obs);
    expect(fit.converged).toBe(true);
    fit.predictedUgPerMl.forEach((c, j) => expect(Math.abs(c / obs[j].ugPerMl - 1)).toBeLessThan(0.05));
    expect(fit.etaCovariance[0][0]).toBeLessThan(0.35 ** 2); // the data shrink the posterior
  });
});
