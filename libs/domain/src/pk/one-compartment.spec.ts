import {
  clearanceFromSteadyStateTrough,
  clearanceFromSteadyStateTroughs,
  endOfInfusionConcentration,
  nextTrough,
  oneCompartmentConcentration,
  oneCompartmentSteadyStateCmax,
  oneCompartmentSteadyStateTrough,
} from './one-compartment';

// Expected values are copied from docs/science/pk-model.md §4 (tolerance there: ±0.01 µg/mL, ±0.001 mL/h).
const D = 300;
const T = 1;
const WEEK_H = 168;
const CONC_TOL = 0.01;

describe('one-compartment closed forms (pk-model.md §2, §4)', () => {
  const us = { clLPerH: 0.016, vL: 5.7 }; // Example 1
  const smpc = { clLPerH: 0.00608, vL: 5.96 }; // Example 2
  const calibrated = { clLPerH: 0.009616, vL: 5.7 }; // Example 3

  it.each([
    ['§4 Example 1: A (US-label means)', us, 52.5578],
    ['§4 Example 2: A (SmPC linear terms)', smpc, 50.3099],
    ['§4 Example 3: A (CL 9.616 mL/h)', calibrated, 52.5872],
  ])('%s = %p', (_, p, expected) => {
    expect(Math.abs(endOfInfusionConcentration(p, D, T) - expected)).toBeLessThan(CONC_TOL);
  });

  it.each([
    ['§4 Example 1: Q4W steady-state trough = 9.420', us, 4, 9.42],
    ['§4 Example 1: Q5W = 5.508', us, 5, 5.508],
    ['§4 Example 1: Q6W = 3.307', us, 6, 3.307],
    ['§4 Example 1: Q7W = 2.016', us, 7, 2.016],
    ['§4 Example 1: Q8W = 1.240', us, 8, 1.24],
    ['§4 Example 2: Q4W = 51.137', smpc, 4, 51.137],
    ['§4 Example 2: Q5W = 37.143', smpc, 5, 37.143],
    ['§4 Example 2: Q6W = 28.036', smpc, 6, 28.036],
    ['§4 Example 2: Q7W = 21.716', smpc, 7, 21.716],
    ['§4 Example 2: Q8W = 17.132', smpc, 8, 17.132],
    ['§4 Example 3: Q4W = 25.000', calibrated, 4, 25.0],
    ['§4 Example 3: Q5W = 16.856', calibrated, 5, 16.856],
    ['§4 Example 3: Q6W = 11.767', calibrated, 6, 11.767],
    ['§4 Example 3: Q7W = 8.400 (unrounded 8.39956)', calibrated, 7, 8.39956],
    ['§4 Example 3: Q8W = 6.087', calibrated, 8, 6.087],
  ])('%s', (_, p, weeks, expected) => {
    expect(Math.abs(oneCompartmentSteadyStateTrough(p, D, T, weeks * WEEK_H) - expected)).toBeLessThan(CONC_TOL);
  });

  it.each([
    ['§4 Example 1: Q4W Cmax,ss = 61.951', us, 4, 61.951],
    ['§4 Example 2: Q4W Cmax,ss = 101.395', smpc, 4, 101.395],
    ['§4 Example 2: Q6W Cmax,ss = 78.318', smpc, 6, 78.318],
    ['§4 Example 3: Q6W Cmax,ss = 64.334', calibrated, 6, 64.334],
  ])('%s', (_, p, weeks, expected) => {
    expect(Math.abs(oneCompartmentSteadyStateCmax(p, D, T, weeks * WEEK_H) - expected)).toBeLessThan(CONC_TOL);
  });

  it.each([
    ['§4 Example 3: first trough Q4W→Q5W = 18.830', 5, 18.83],
    ['§4 Example 3: first trough Q4W→Q6W = 14.183', 6, 14.183],
    ['§4 Example 3: first trough Q4W→Q7W = 10.683', 7, 10.683],
    ['§4 Example 3: first trough Q4W→Q8W = 8.046', 8, 8.046],
  ])('%s (recurrence, §2)', (_, weeks, expected) => {
    const ssQ4w = oneCompartmentSteadyStateTrough(calibrated, D, T, 4 * WEEK_H);
    expect(Math.abs(nextTrough(calibrated, ssQ4w, D, T, weeks * WEEK_H) - expected)).toBeLessThan(CONC_TOL);
  });

  it('§4 Example 3: staying on 7 weeks after the switch → 10.683, 8.714, 8.443, 8.405 … → 8.400', () => {
    let c = oneCompartmentSteadyStateTrough(calibrated, D, T, 4 * WEEK_H);
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) seen.push((c = nextTrough(calibrated, c, D, T, 7 * WEEK_H)));
    [10.683, 8.714, 8.443, 8.405].forEach((e, i) => expect(Math.abs(seen[i] - e)).toBeLessThan(CONC_TOL));
  });

  it('§2 superposition over 40 Q4W doses reproduces the §4 Example 1 steady-state trough 9.420', () => {
    const doses = Array.from({ length: 40 }, (_, i) => ({ timeH: i * 672, doseMg: D, durationH: T }));
    // Sample at the start of dose 40: pre-dose trough (dose 40 itself excluded).
    expect(Math.abs(oneCompartmentConcentration(us, doses, 39 * 672) - 9.42)).toBeLessThan(CONC_TOL);
  });

  it('§2 approach to steady state: trough after n doses = Css·(1 − e^(−nkτ)) (§5: 96.7 % after 3 calibrated Q4W doses)', () => {
    const doses = Array.from({ length: 4 }, (_, i) => ({ timeH: i * 672, doseMg: D, durationH: T }));
    const ratio = oneCompartmentConcentration(calibrated, doses, 3 * 672) / 25.0;
    expect(Math.abs(ratio - 0.967)).toBeLessThan(0.001);
  });

  it('§4 Example 3: exact bisection CL from a 25.0 µg/mL Q4W trough = 9.616 mL/h (§3a)', () => {
    const cl = clearanceFromSteadyStateTrough(25.0, 5.7, D, T, 672);
    expect(Math.abs(cl * 1000 - 9.616)).toBeLessThan(0.001);
  });

  it('§4 Example 4: geometric mean of 40.0 and 44.0 → CL = 6.898 mL/h (§3b), then Q4W…Q12W predictions', () => {
    const cl = clearanceFromSteadyStateTroughs([40.0, 44.0], 5.7, D, T, 672);
    expect(Math.abs(cl * 1000 - 6.898)).toBeLessThan(0.001);
    const p = { clLPerH: 0.006898, vL: 5.7 };
    const table: [number, number][] = [
      [4, 41.956],
      [5, 29.861],
      [6, 22.065],
      [7, 16.717],
      [8, 12.889],
      [9, 10.065],
      [10, 7.934],
      [12, 5.03],
    ];
    for (const [weeks, expected] of table) {
      expect(Math.abs(oneCompartmentSteadyStateTrough(p, D, T, weeks * WEEK_H) - expected)).toBeLessThan(CONC_TOL);
    }
  });
});
