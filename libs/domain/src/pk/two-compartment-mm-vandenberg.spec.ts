import { getPkModel } from './pk-registry';
import { typicalValues } from './pk-model-definition';
import {
  REFERENCE_GRID,
  Rk4Grid,
  TwoCompartmentMmParameters,
  twoCompartmentMmConcentrations,
  twoCompartmentMmSteadyState,
} from './two-compartment-mm';

// Expected values are the reference values of docs/science/pk-model.md §7 (typical patient, 300 mg over 1 h; two
// independent solvers agree to 4 decimals there; test tolerance ±0.05 µg/mL as §7 prescribes). They are not
// computed by this code. Unit conversion worked by hand: CL 0.164 L/day ÷ 24 = 0.0068333 L/h (= 6.83 mL/h,
// as §7 states); Q 0.4 L/day ÷ 24 = 0.016667 L/h; Vmax 2.86 mg/day ÷ 24 = 0.119167 mg/h.
const TOL = 0.05;
const D = 300;
const T = 1;
const W = 168;

const model = getPkModel('natalizumab-2cmt-mm-vandenberg2025')!;
const tv = typicalValues(model);
const p: TwoCompartmentMmParameters = { clLPerH: tv.CL, vcL: tv.Vc, vpL: tv.Vp, qLPerH: tv.Q, vmaxMgPerH: tv.Vmax, kmMgPerL: tv.Km };
const modelGrid: Rk4Grid = { infusionStepH: model.solver!.infusionStepH, maxStepH: model.solver!.maxStepH };

function schedule(intervalsW: number[]): { timeH: number; doseMg: number; durationH: number }[] {
  const out = [{ timeH: 0, doseMg: D, durationH: T }];
  for (const w of intervalsW) out.push({ timeH: out[out.length - 1].timeH + w * W, doseMg: D, durationH: T });
  return out;
}

describe('van den Berg 2025 model: units converted once on load', () => {
  it('CL 0.164 L/day = 6.83 mL/h; Q 0.4 L/day = 0.016667 L/h; Vmax 2.86 mg/day = 0.119167 mg/h', () => {
    expect(tv.CL * 1000).toBeCloseTo(6.8333, 3);
    expect(tv.Q).toBeCloseTo(0.0166667, 6);
    expect(tv.Vmax).toBeCloseTo(0.1191667, 6);
    expect(tv.Vc).toBe(3.48);
    expect(tv.Km).toBe(0.875);
  });
});

describe.each([
  ['reference grid (uniform 0.1 h)', REFERENCE_GRID],
  ['model file grid (0.1 h infusion, coarser decay steps)', modelGrid],
])('van den Berg 2025 model (pk-model.md §7), %s', (_, grid) => {
  it.each([
    ['Q4W steady-state trough 25.59, Cmax 111.47', 4, 25.59, 111.47],
    ['Q5W steady-state trough 14.56, Cmax 100.45', 5, 14.56, 100.45],
    ['Q6W steady-state trough 7.56, Cmax 93.46', 6, 7.56, 93.46],
    ['Q7W steady-state trough 3.11, Cmax 89.01', 7, 3.11, 89.01],
    ['Q8W steady-state trough 0.84, Cmax 86.74', 8, 0.84, 86.74],
  ])('§7: %s', (__, weeks, trough, cmax) => {
    const ss = twoCompartmentMmSteadyState(p, D, T, weeks * W, grid);
    expect(Math.abs(ss.troughUgPerMl - trough)).toBeLessThan(TOL);
    expect(Math.abs(ss.cmaxUgPerMl - cmax)).toBeLessThan(TOL);
  });

  it('§7: build-up on Q4W from drug-free, troughs before doses 2…8 = 10.65, 17.37, 21.07, 23.10, 24.22, 24.84, 25.17', () => {
    const doses = schedule([4, 4, 4, 4, 4, 4, 4]);
    const c = twoCompartmentMmConcentrations(
      p,
      doses,
      doses.slice(1).map((d) => d.timeH),
      grid,
    );
    [10.65, 17.37, 21.07, 23.1, 24.22, 24.84, 25.17].forEach((e, i) => expect(Math.abs(c[i] - e)).toBeLessThan(TOL));
  });

  it.each([
    ['Q5W 19.74, 16.99, 15.70, 15.10', 5, [19.74, 16.99, 15.7, 15.1]],
    ['Q6W 14.75, 10.41, 8.69, 8.01', 6, [14.75, 10.41, 8.69, 8.01]],
    ['Q7W 10.50, 5.45, 3.84, 3.34', 7, [10.5, 5.45, 3.84, 3.34]],
    ['Q8W 6.92, 2.01, 1.05, 0.88', 8, [6.92, 2.01, 1.05, 0.88]],
  ])('§7: switch from Q4W steady state, troughs at the end of the first four intervals: %s', (__, weeks, expected) => {
    const q4w = new Array<number>(60).fill(4); // 60 Q4W doses ≈ 4.6 years: steady state (build-up above: 98 % after 7)
    const doses = schedule([...q4w, ...new Array<number>(expected.length).fill(weeks)]);
    const times = doses.slice(-expected.length).map((d) => d.timeH);
    const c = twoCompartmentMmConcentrations(p, doses, times, grid);
    expected.forEach((e, i) => expect(Math.abs(c[i] - e)).toBeLessThan(TOL));
  });

  it('§7 [derived]: the first trough after an extension overstates the eventual steady state 2–8× at 6–8 weeks', () => {
    // Ratios of the §7 reference values: Q6W 14.75/7.56 = 1.95, Q7W 10.50/3.11 = 3.38, Q8W 6.92/0.84 = 8.2.
    const ratios = [6, 7, 8].map((w) => {
      const doses = schedule([...new Array<number>(60).fill(4), w]);
      const first = twoCompartmentMmConcentrations(p, doses, [doses[doses.length - 1].timeH], grid)[0];
      return first / twoCompartmentMmSteadyState(p, D, T, w * W, grid).troughUgPerMl;
    });
    expect(ratios[0]).toBeGreaterThan(1.9);
    expect(ratios[2]).toBeLessThan(8.5);
    expect(ratios[0]).toBeLessThan(ratios[1]);
    expect(ratios[1]).toBeLessThan(ratios[2]);
  });
});
