/**
 * Two-compartment model with parallel linear + Michaelis–Menten elimination, zero-order IV infusion
 * (docs/science/pk-model.md §6; structure of Muralidharan 2017 [confirmed], values calibrated to label summary
 * statistics [derived] — not a published fit).
 *
 *   dA1/dt = R(t) − CL·C − Q·C + Q·A2/Vp − Vmax·C/(Km + C),   C = A1/Vc   (mg, h, L, mg/L)
 *   dA2/dt = Q·C − Q·A2/Vp
 *
 * Solver: classical RK4 on a dose-aligned grid. Every infusion start/end and every sample time is a
 * grid point, so R(t) is constant within a step. Steps are ≤ `infusionStepH` (0.1 h, as §6's reference
 * values) while an infusion runs and ≤ `maxStepH` between infusions, where the system only decays with
 * time constants of ≥ 50 h (largest |eigenvalue| ≈ (CL+Q+Vmax/Km)/Vc ≈ 0.011 /h): RK4's local error at
 * λh ≈ 0.02 is ~1e-11, and the spec checks the coarse grid against uniform 0.1 h RK4.
 * The grid depends only on dose and sample times, never on the parameters, so the solution is a
 * smooth function of the parameters (clean finite differences for the MAP fit).
 */
import type { PkDose } from './one-compartment';

export interface TwoCompartmentMmParameters {
  clLPerH: number;
  vcL: number;
  vpL: number;
  qLPerH: number;
  vmaxMgPerH: number;
  kmMgPerL: number;
}

export interface Rk4Grid {
  infusionStepH: number;
  maxStepH: number;
}

/** Uniform 0.1 h everywhere — the reference setting of docs/science/pk-model.md §6. */
export const REFERENCE_GRID: Rk4Grid = { infusionStepH: 0.1, maxStepH: 0.1 };

/** State: amounts (mg) in the central and peripheral compartments. */
export interface TwoCompartmentState {
  a1Mg: number;
  a2Mg: number;
}

/** Integrates from `state` over `spanH` at constant input rate; returns the new state (no allocation in the loop). */
function integrate(
  p: TwoCompartmentMmParameters,
  a1: number,
  a2: number,
  rateMgPerH: number,
  spanH: number,
  stepH: number,
): [number, number] {
  if (spanH <= 0) return [a1, a2];
  const n = Math.ceil(spanH / stepH - 1e-9);
  const h = spanH / n;
  // Hand-inlined RK4 in concentrations (c = A1/Vc, c2 = A2/Vp): this loop is the hot path of the MAP fit.
  const { vcL: vc, vpL: vp, vmaxMgPerH: vmax, kmMgPerL: km } = p;
  const kOut = (p.clLPerH + p.qLPerH) / vc; // (CL + Q)/Vc
  const kIn = p.qLPerH / vc; // Q/Vc (peripheral → central, per unit c2)
  const kP = p.qLPerH / vp; // Q/Vp
  const vm = vmax / vc;
  const r = rateMgPerH / vc;
  let c = a1 / vc;
  let c2 = a2 / vp;
  const h2 = 0.5 * h;
  const h6 = h / 6;
  for (let i = 0; i < n; i++) {
    const k1 = r - kOut * c + kIn * c2 - (vm * c) / (km + c);
    const m1 = kP * (c - c2);
    let x = c + h2 * k1;
    let y = c2 + h2 * m1;
    const k2 = r - kOut * x + kIn * y - (vm * x) / (km + x);
    const m2 = kP * (x - y);
    x = c + h2 * k2;
    y = c2 + h2 * m2;
    const k3 = r - kOut * x + kIn * y - (vm * x) / (km + x);
    const m3 = kP * (x - y);
    x = c + h * k3;
    y = c2 + h * m3;
    const k4 = r - kOut * x + kIn * y - (vm * x) / (km + x);
    const m4 = kP * (x - y);
    c += h6 * (k1 + 2 * k2 + 2 * k3 + k4);
    c2 += h6 * (m1 + 2 * m2 + 2 * m3 + m4);
  }
  return [c * vc, c2 * vp];
}

/**
 * Concentrations (µg/mL) at `sampleTimesH` for a dosing history. A sample at the start time of an
 * infusion is its pre-dose trough (the infusion starting then has not yet contributed).
 * Overlapping infusions add their rates. Samples before the first dose are 0.
 */
export function twoCompartmentMmConcentrations(
  p: TwoCompartmentMmParameters,
  doses: readonly PkDose[],
  sampleTimesH: readonly number[],
  grid: Rk4Grid,
  initial?: { timeH: number; state: TwoCompartmentState },
): number[] {
  return simulate(p, doses, sampleTimesH, grid, initial).concentrations;
}

/** The pre-dose state (amounts) at `timeH`: every dose starting strictly before it has been given. */
export function twoCompartmentMmStateAt(
  p: TwoCompartmentMmParameters,
  doses: readonly PkDose[],
  timeH: number,
  grid: Rk4Grid,
): TwoCompartmentState {
  return simulate(p, doses, [timeH], grid).state;
}

function simulate(
  p: TwoCompartmentMmParameters,
  doses: readonly PkDose[],
  sampleTimesH: readonly number[],
  grid: Rk4Grid,
  initial?: { timeH: number; state: TwoCompartmentState },
): { concentrations: number[]; state: TwoCompartmentState } {
  // Rate changes: +rate at each start, −rate at each end (doses before an initial state are already in it).
  const changes: { t: number; dRate: number }[] = [];
  for (const d of doses) {
    if (initial && d.timeH < initial.timeH) continue;
    const rate = d.doseMg / d.durationH;
    changes.push({ t: d.timeH, dRate: rate }, { t: d.timeH + d.durationH, dRate: -rate });
  }
  changes.sort((a, b) => a.t - b.t);
  const order = sampleTimesH.map((t, i) => i).sort((i, j) => sampleTimesH[i] - sampleTimesH[j]);
  const out = new Array<number>(sampleTimesH.length).fill(0);

  let a1 = initial?.state.a1Mg ?? 0;
  let a2 = initial?.state.a2Mg ?? 0;
  let rate = 0;
  let t = initial ? initial.timeH : changes.length ? changes[0].t : Infinity;
  let ci = 0;
  for (const si of order) {
    const ts = sampleTimesH[si];
    if (ts <= t) {
      out[si] = ts < t ? 0 : a1 / p.vcL; // before the first dose, or exactly at the current time
      continue;
    }
    // Advance through all rate changes strictly before the sample time, then to the sample.
    while (ci < changes.length && changes[ci].t < ts) {
      const tc = changes[ci].t;
      [a1, a2] = integrate(p, a1, a2, rate, tc - t, rate > 1e-12 ? grid.infusionStepH : grid.maxStepH);
      t = tc;
      while (ci < changes.length && changes[ci].t === tc) rate += changes[ci++].dRate;
      if (Math.abs(rate) < 1e-9) rate = 0;
    }
    [a1, a2] = integrate(p, a1, a2, rate, ts - t, rate > 1e-12 ? grid.infusionStepH : grid.maxStepH);
    t = ts;
    out[si] = a1 / p.vcL;
  }
  return { concentrations: out, state: { a1Mg: a1, a2Mg: a2 } };
}

/** One dosing interval from a pre-dose state: infusion, then decay to the next pre-dose time. */
export function advanceInterval(
  p: TwoCompartmentMmParameters,
  state: TwoCompartmentState,
  doseMg: number,
  durationH: number,
  tauH: number,
  grid: Rk4Grid,
): { state: TwoCompartmentState; endOfInfusionUgPerMl: number } {
  const [b1, b2] = integrate(p, state.a1Mg, state.a2Mg, doseMg / durationH, durationH, grid.infusionStepH);
  const [c1, c2] = integrate(p, b1, b2, 0, tauH - durationH, grid.maxStepH);
  return { state: { a1Mg: c1, a2Mg: c2 }, endOfInfusionUgPerMl: b1 / p.vcL };
}

/**
 * Warm start for a steady-state solve: a nearby steady state (e.g. the MAP patient's) and the inverse of
 * (I − J) of its one-interval map, J = ∂(state after one interval)/∂(state before). Posterior samples are
 * close to the MAP, so the chord iteration x ← x + (I − J)⁻¹(F(x) − x) converges in a few intervals.
 */
export interface SteadyStateWarmStart {
  a1Mg: number;
  a2Mg: number;
  /** Row-major 2×2 inverse of (I − J). */
  chord: [number, number, number, number];
  /** The parameters of this solution and ∂(a1, a2)/∂ln(parameter) of the fixed point (first-order start for nearby parameters). */
  params?: TwoCompartmentMmParameters;
  sensitivity?: Record<keyof TwoCompartmentMmParameters, [number, number]>;
}

const PARAMETER_KEYS: readonly (keyof TwoCompartmentMmParameters)[] = ['clLPerH', 'vcL', 'vpL', 'qLPerH', 'vmaxMgPerH', 'kmMgPerL'];

/**
 * Sensitivity of the fixed point x = F(x; p) to ln p_j: (I − J)⁻¹ · ∂F/∂ln p_j (implicit function theorem),
 * by forward differences.
 */
function steadyStateSensitivity(
  p: TwoCompartmentMmParameters,
  x: TwoCompartmentState,
  chord: [number, number, number, number],
  doseMg: number,
  durationH: number,
  tauH: number,
  grid: Rk4Grid,
): Record<keyof TwoCompartmentMmParameters, [number, number]> {
  const f0 = advanceInterval(p, x, doseMg, durationH, tauH, grid).state;
  const out = {} as Record<keyof TwoCompartmentMmParameters, [number, number]>;
  const h = 1e-5;
  for (const k of PARAMETER_KEYS) {
    // Same property order as every other parameter object: the RK4 loop stays monomorphic.
    const q: TwoCompartmentMmParameters = {
      clLPerH: p.clLPerH,
      vcL: p.vcL,
      vpL: p.vpL,
      qLPerH: p.qLPerH,
      vmaxMgPerH: p.vmaxMgPerH,
      kmMgPerL: p.kmMgPerL,
    };
    q[k] *= Math.exp(h);
    const f = advanceInterval(q, x, doseMg, durationH, tauH, grid).state;
    const d1 = (f.a1Mg - f0.a1Mg) / h;
    const d2 = (f.a2Mg - f0.a2Mg) / h;
    out[k] = [chord[0] * d1 + chord[1] * d2, chord[2] * d1 + chord[3] * d2];
  }
  return out;
}

export interface TwoCompartmentSteadyState {
  troughUgPerMl: number;
  cmaxUgPerMl: number;
  /** Warm start for nearby parameter vectors (this solution and its chord matrix). */
  warm: SteadyStateWarmStart;
}

/** (I − J)⁻¹ of the one-interval map at state (a1, a2), J by forward differences. */
function chordAt(
  a1: number,
  a2: number,
  f1: number,
  f2: number,
  interval: (a1: number, a2: number) => TwoCompartmentState,
): [number, number, number, number] {
  const d1 = 1e-6 * Math.max(1, Math.abs(a1));
  const d2 = 1e-6 * Math.max(1, Math.abs(a2));
  const x = interval(a1 + d1, a2);
  const y = interval(a1, a2 + d2);
  // M = I − J
  const m11 = 1 - (x.a1Mg - f1) / d1;
  const m21 = -(x.a2Mg - f2) / d1;
  const m12 = -(y.a1Mg - f1) / d2;
  const m22 = 1 - (y.a2Mg - f2) / d2;
  const det = m11 * m22 - m12 * m21;
  return [m22 / det, -m12 / det, -m21 / det, m11 / det];
}

/**
 * Steady state on a constant interval: the fixed point x* = F(x*) of the one-interval map F (pre-dose state →
 * next pre-dose state), by Newton's method with a forward-difference Jacobian (a chord iteration from a warm
 * start). Stops when the trough changes by < `relTol`·max(1, C) (default 1e-9 µg/mL scale); falls back to
 * plain repetition of intervals (always convergent: F is a contraction) if Newton has not converged in 40
 * steps. Cmax is at the end of the infusion (input stops, C falls).
 */
export function twoCompartmentMmSteadyState(
  p: TwoCompartmentMmParameters,
  doseMg: number,
  durationH: number,
  tauH: number,
  grid: Rk4Grid,
  warm?: SteadyStateWarmStart,
  relTol = 1e-9,
): TwoCompartmentSteadyState {
  let eoi = 0;
  const interval = (a1: number, a2: number) => {
    const r = advanceInterval(p, { a1Mg: a1, a2Mg: a2 }, doseMg, durationH, tauH, grid);
    eoi = r.endOfInfusionUgPerMl;
    return r.state;
  };
  let a1 = warm?.a1Mg ?? 0;
  let a2 = warm?.a2Mg ?? 0;
  if (warm?.params && warm.sensitivity) {
    // First-order start from the neighbour's fixed point: Σ_j sensitivity_j · ln(p_j / p_neighbour,j).
    for (const k of PARAMETER_KEYS) {
      const d = Math.log(p[k] / warm.params[k]);
      if (d !== 0) {
        a1 += warm.sensitivity[k][0] * d;
        a2 += warm.sensitivity[k][1] * d;
      }
    }
    a1 = Math.max(0, a1);
    a2 = Math.max(0, a2);
  }
  let chord = warm?.chord;
  let sinceJacobian = 0;
  for (let i = 0; i < 40; i++) {
    const f = interval(a1, a2);
    const cmax = eoi;
    const r1 = f.a1Mg - a1;
    const r2 = f.a2Mg - a2;
    if (Math.abs(r1 / p.vcL) < relTol * Math.max(1, f.a1Mg / p.vcL) && Math.abs(r2 / p.vpL) < relTol * Math.max(1, f.a2Mg / p.vpL)) {
      if (warm) return { troughUgPerMl: f.a1Mg / p.vcL, cmaxUgPerMl: cmax, warm };
      // A cold solve prepares the warm start for nearby parameters (posterior draws).
      const c = chordAt(f.a1Mg, f.a2Mg, f.a1Mg, f.a2Mg, interval);
      const sensitivity = steadyStateSensitivity(p, f, c, doseMg, durationH, tauH, grid);
      return { troughUgPerMl: f.a1Mg / p.vcL, cmaxUgPerMl: cmax, warm: { a1Mg: f.a1Mg, a2Mg: f.a2Mg, chord: c, params: p, sensitivity } };
    }
    // Refresh the Jacobian at the start and whenever the chord iteration has taken 4 steps without converging.
    if (!chord || sinceJacobian >= 6) {
      chord = chordAt(a1, a2, f.a1Mg, f.a2Mg, interval);
      sinceJacobian = 0;
    }
    sinceJacobian++;
    a1 = Math.max(0, a1 + chord[0] * r1 + chord[1] * r2);
    a2 = Math.max(0, a2 + chord[2] * r1 + chord[3] * r2);
  }
  return steadyStateByRepetition(p, doseMg, durationH, tauH, grid, relTol);
}

/** Repeats intervals from drug-free until the trough and Cmax change by < relTol·max(1, C) (the safe fallback). */
function steadyStateByRepetition(
  p: TwoCompartmentMmParameters,
  doseMg: number,
  durationH: number,
  tauH: number,
  grid: Rk4Grid,
  relTol: number,
): TwoCompartmentSteadyState {
  let state: TwoCompartmentState = { a1Mg: 0, a2Mg: 0 };
  let trough = 0;
  let cmax = 0;
  for (let i = 0; i < 5000; i++) {
    const next = advanceInterval(p, state, doseMg, durationH, tauH, grid);
    const c = next.state.a1Mg / p.vcL;
    const converged =
      Math.abs(c - trough) < relTol * Math.max(1, c) && Math.abs(next.endOfInfusionUgPerMl - cmax) < relTol * Math.max(1, cmax);
    state = next.state;
    trough = c;
    cmax = next.endOfInfusionUgPerMl;
    if (converged) break;
  }
  const chord = chordAt(
    state.a1Mg,
    state.a2Mg,
    state.a1Mg,
    state.a2Mg,
    (a1, a2) => advanceInterval(p, { a1Mg: a1, a2Mg: a2 }, doseMg, durationH, tauH, grid).state,
  );
  const sensitivity = steadyStateSensitivity(p, state, chord, doseMg, durationH, tauH, grid);
  return { troughUgPerMl: trough, cmaxUgPerMl: cmax, warm: { ...state, chord, params: p, sensitivity } };
}
