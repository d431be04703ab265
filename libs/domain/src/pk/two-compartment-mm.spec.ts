import { getPkModel } from './pk-registry';
import { typicalValues } from './pk-model-definition';
import {
  REFERENCE_GRID,
  Rk4Grid,
  TwoCompartmentMmParameters,
  twoCompartmentMmConcentrations,
  twoCompartmentMmSteadyState,
} from './two-compartment-mm';

// Expected values are copied from docs/science/pk-model.md §6 (test tolerance there: ±0.05 µg/mL).
const TOL = 0.05;
const D = 300;
const T = 1;
const W = 168;

const model = getPkModel('natalizumab-2cmt-mm-label-calibrated')!;
const tv = typicalValues(model);
const p: TwoCompartmentMmParameters = { clLPerH: tv.CL, vcL: tv.Vc, vpL: tv.Vp, qLPerH: tv.Q, vmaxMgPerH: tv.Vmax, kmMgPerL: tv.Km };
const modelGrid: Rk4Grid = { infusionStepH: model.solver!.infusionStepH, maxStepH: model.solver!.maxStepH };

/** Doses every `intervalsW[i]` weeks; returns dose times (h). */
function schedule(intervalsW: number[]): { timeH: number; doseMg: number; durationH: number }[] {
  const out = [{ timeH: 0, doseMg: D, durationH: T }];
  for (const w of intervalsW) out.push({ timeH: out[out.length - 1].timeH + w * W, doseMg: D, durationH: T });
  return out;
}

describe.each([
  ['reference grid (uniform 0.1 h, as §6)', REFERENCE_GRID],
  ['model file grid (0.1 h infusion, coarser decay steps)', modelGrid],
])('two-compartment linear + MM model, %s', (_, grid) => {
  it.each([
    ['§6: Q4W steady-state trough 26.00, Cmax 110.00', 4, 26.0, 110.0],
    ['§6: Q5W steady-state trough 15.22, Cmax 99.23', 5, 15.22, 99.23],
    ['§6: Q6W steady-state trough 9.10, Cmax 93.11', 6, 9.1, 93.11],
    ['§6: Q7W steady-state trough 5.51, Cmax 89.53', 7, 5.51, 89.53],
    ['§6: Q8W steady-state trough 3.38, Cmax 87.39', 8, 3.38, 87.39],
  ])('%s', (__, weeks, trough, cmax) => {
    const ss = twoCompartmentMmSteadyState(p, D, T, weeks * W, grid);
    expect(Math.abs(ss.troughUgPerMl - trough)).toBeLessThan(TOL);
    expect(Math.abs(ss.cmaxUgPerMl - cmax)).toBeLessThan(TOL);
  });

  it('§6: build-up on Q4W from drug-free, troughs before doses 2…7 = 13.70, 20.16, 23.21, 24.66, 25.36, 25.69', () => {
    const doses = schedule([4, 4, 4, 4, 4, 4]);
    const c = twoCompartmentMmConcentrations(
      p,
      doses,
      doses.slice(1).map((d) => d.timeH),
      grid,
    );
    [13.7, 20.16, 23.21, 24.66, 25.36, 25.69].forEach((e, i) => expect(Math.abs(c[i] - e)).toBeLessThan(TOL));
  });

  it.each([
    ['§6: switch Q4W steady state → Q6W: 13.99, 10.47, 9.48, 9.20', 6, [13.99, 10.47, 9.48, 9.2]],
    ['§6: switch Q4W steady state → Q8W: 6.79, 3.84, 3.44', 8, [6.79, 3.84, 3.44]],
  ])('%s', (__, weeks, expected) => {
    const q4w = new Array<number>(60).fill(4); // 5 years of Q4W: steady state (≈ 97 % after 5 doses, §6)
    const doses = schedule([...q4w, ...new Array<number>(expected.length).fill(weeks)]);
    const times = doses.slice(-expected.length).map((d) => d.timeH);
    const c = twoCompartmentMmConcentrations(p, doses, times, grid);
    expected.forEach((e, i) => expect(Math.abs(c[i] - e)).toBeLessThan(TOL));
  });

  it('§6: washout after the last Q4W steady-state dose: 28 d 26.0, 56 d 6.79, 84 d 1.26, 112 d 0.20, 140 d 0.033', () => {
    const doses = schedule(new Array<number>(60).fill(4));
    const last = doses[doses.length - 1].timeH;
    const c = twoCompartmentMmConcentrations(
      p,
      doses,
      [28, 56, 84, 112, 140].map((d) => last + d * 24),
      grid,
    );
    [26.0, 6.79, 1.26, 0.2, 0.033].forEach((e, i) => expect(Math.abs(c[i] - e)).toBeLessThan(TOL));
  });
});

describe('solver grid (two-compartment-mm.ts header: decay steps are accuracy-checked)', () => {
  it('the model-file grid agrees with uniform 0.1 h RK4 to < 1e-4 µg/mL over an irregular 5-year history', () => {
    const doses = schedule([4, 4, 5, 4, 6, 6, 5, 8, 4, 4, ...new Array<number>(40).fill(5)]);
    const times = Array.from({ length: 200 }, (_, i) => 0.5 + i * 131.7);
    const fine = twoCompartmentMmConcentrations(p, doses, times, REFERENCE_GRID);
    const coarse = twoCompartmentMmConcentrations(p, doses, times, modelGrid);
    const worst = Math.max(...fine.map((f, i) => Math.abs(f - coarse[i])));
    expect(worst).toBeLessThan(1e-4);
  });

  it('a sample at an infusion start is the pre-dose trough; samples before the first dose are 0', () => {
    const doses = schedule([4]);
    const [before, atFirst, atSecond, justAfter] = twoCompartmentMmConcentrations(p, doses, [-5, 0, 672, 672.5], modelGrid);
    expect(before).toBe(0);
    expect(atFirst).toBe(0);
    expect(atSecond).toBeGreaterThan(0);
    expect(justAfter).toBeGreaterThan(atSecond + 20); // half an hour of a 300 mg/h infusion into Vc ≈ 3.6 L
  });
});
