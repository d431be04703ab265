/**
 * Linear one-compartment model, zero-order IV infusion — closed forms of docs/science/pk-model.md §2, and the
 * deterministic individualisation shortcuts of §3a/§3b. Internal units: mg, h, L, L/h, mg/L (= µg/mL).
 *
 * Status [derived]: the equations are standard and exact for a linear model; the model itself
 * over-predicts troughs at long intervals when calibrated to a patient (§5 conclusion 2), which is why
 * it is not the platform default.
 */

export interface OneCompartmentParameters {
  clLPerH: number;
  vL: number;
}

/** A dose in model time: infusion of `doseMg` starting at `timeH`, lasting `durationH`. */
export interface PkDose {
  timeH: number;
  doseMg: number;
  durationH: number;
}

/** A = (R0/CL)(1 − e^(−kT)): concentration at the end of one infusion into a drug-free patient (§2). */
export function endOfInfusionConcentration(p: OneCompartmentParameters, doseMg: number, durationH: number): number {
  const k = p.clLPerH / p.vL;
  return (doseMg / durationH / p.clLPerH) * -Math.expm1(-k * durationH);
}

/** Concentration `t` hours after the start of one infusion (§2 single-infusion curve); 0 before it. */
export function singleInfusionConcentration(p: OneCompartmentParameters, doseMg: number, durationH: number, tH: number): number {
  if (tH <= 0) return 0;
  const k = p.clLPerH / p.vL;
  const r0OverCl = doseMg / durationH / p.clLPerH;
  if (tH <= durationH) return r0OverCl * -Math.expm1(-k * tH);
  return r0OverCl * -Math.expm1(-k * durationH) * Math.exp(-k * (tH - durationH));
}

/**
 * Superposition over the real dosing history (§2, exact for a linear model). A sample at the start
 * time of an infusion is that infusion's pre-dose trough: doses with `timeH ≥ t` contribute 0.
 */
export function oneCompartmentConcentration(p: OneCompartmentParameters, doses: readonly PkDose[], tH: number): number {
  let c = 0;
  for (const d of doses) if (d.timeH < tH) c += singleInfusionConcentration(p, d.doseMg, d.durationH, tH - d.timeH);
  return c;
}

/** Trough-to-trough recurrence (§2): C_next = C_prev·e^(−kτ) + A·e^(−k(τ − T)). */
export function nextTrough(
  p: OneCompartmentParameters,
  previousTroughUgPerMl: number,
  doseMg: number,
  durationH: number,
  tauH: number,
): number {
  const k = p.clLPerH / p.vL;
  const a = endOfInfusionConcentration(p, doseMg, durationH);
  return previousTroughUgPerMl * Math.exp(-k * tauH) + a * Math.exp(-k * (tauH - durationH));
}

/** Ctrough,ss = A·e^(−k(τ − T)) / (1 − e^(−kτ)) (§2 steady state). */
export function oneCompartmentSteadyStateTrough(p: OneCompartmentParameters, doseMg: number, durationH: number, tauH: number): number {
  const k = p.clLPerH / p.vL;
  const a = endOfInfusionConcentration(p, doseMg, durationH);
  return (a * Math.exp(-k * (tauH - durationH))) / -Math.expm1(-k * tauH);
}

/** Cmax,ss = A / (1 − e^(−kτ)), at the end of the infusion (§2). */
export function oneCompartmentSteadyStateCmax(p: OneCompartmentParameters, doseMg: number, durationH: number, tauH: number): number {
  const k = p.clLPerH / p.vL;
  return endOfInfusionConcentration(p, doseMg, durationH) / -Math.expm1(-k * tauH);
}

/**
 * §3a: CL (L/h) such that Ctrough,ss(CL) = observed, V fixed. Bisection on CL ∈ (1e-7, 1) L/h;
 * Ctrough,ss is strictly decreasing in CL, so the root is unique.
 */
export function clearanceFromSteadyStateTrough(
  observedUgPerMl: number,
  vL: number,
  doseMg: number,
  durationH: number,
  tauH: number,
): number {
  if (!(observedUgPerMl > 0)) throw new RangeError('observed trough must be > 0');
  let lo = 1e-7;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (oneCompartmentSteadyStateTrough({ clLPerH: mid, vL }, doseMg, durationH, tauH) > observedUgPerMl) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** §3b: several steady-state troughs at one interval, no prior → fit the geometric mean, then §3a. */
export function clearanceFromSteadyStateTroughs(
  observedUgPerMl: readonly number[],
  vL: number,
  doseMg: number,
  durationH: number,
  tauH: number,
): number {
  if (observedUgPerMl.length === 0) throw new RangeError('at least one trough is needed');
  const meanLog = observedUgPerMl.reduce((s, c) => s + Math.log(c), 0) / observedUgPerMl.length;
  return clearanceFromSteadyStateTrough(Math.exp(meanLog), vL, doseMg, durationH, tauH);
}
