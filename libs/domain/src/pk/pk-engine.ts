/**
 * The one interpreter of model files: binds a `PkModelDefinition` (data) to the equations of its
 * `structure`, and builds individual parameters from typical values, covariates and random effects
 * (docs/science/pk-model.md §3c: P_i = P_typ · (WT/WT_ref)^θ · e^η).
 */
import { PkDose, oneCompartmentConcentration, oneCompartmentSteadyStateCmax, oneCompartmentSteadyStateTrough } from './one-compartment';
import { PkModelDefinition, PkParameterValues, typicalValues } from './pk-model-definition';
import {
  Rk4Grid,
  SteadyStateWarmStart,
  TwoCompartmentMmParameters,
  twoCompartmentMmConcentrations,
  twoCompartmentMmStateAt,
  twoCompartmentMmSteadyState,
} from './two-compartment-mm';

export interface SteadyState {
  troughUgPerMl: number;
  cmaxUgPerMl: number;
  /** Opaque warm start for a nearby parameter vector (two-compartment solver); absent for closed forms. */
  warm?: unknown;
}

export interface PkEngine {
  readonly model: PkModelDefinition;
  /** Pre-dose concentrations (µg/mL) at the sample times for the given dosing history. */
  concentrations(p: PkParameterValues, doses: readonly PkDose[], sampleTimesH: readonly number[]): number[];
  /**
   * Steady state on a constant interval. `warm` (from an earlier result for nearby parameters) and a looser
   * `relTol` make posterior samples cheap; closed forms ignore both.
   */
  steadyState(p: PkParameterValues, doseMg: number, tauH: number, warm?: unknown, relTol?: number): SteadyState;
  /** The model's state (drug amounts, mg) just before `timeH`, after every dose that starts before it. */
  stateAt(p: PkParameterValues, doses: readonly PkDose[], timeH: number): number[];
  /** Concentrations at `sampleTimesH` (≥ t0) from `state` at t0 plus the doses starting at or after t0. */
  concentrationsFrom(
    p: PkParameterValues,
    state: readonly number[],
    t0H: number,
    doses: readonly PkDose[],
    sampleTimesH: readonly number[],
  ): number[];
}

function twoCmtParameters(p: PkParameterValues): TwoCompartmentMmParameters {
  return { clLPerH: p.CL, vcL: p.Vc, vpL: p.Vp, qLPerH: p.Q, vmaxMgPerH: p.Vmax, kmMgPerL: p.Km };
}

export function createPkEngine(model: PkModelDefinition): PkEngine {
  const durationH = model.dosing.infusionDurationH;
  switch (model.structure) {
    case 'one-compartment-linear-iv':
      return {
        model,
        concentrations: (p, doses, times) => {
          const q = { clLPerH: p.CL, vL: p.V };
          return times.map((t) => oneCompartmentConcentration(q, doses, t));
        },
        // Linear: the amount at t0 decays as e^(−k(t − t0)); later doses superpose (docs/science/pk-model.md §2).
        stateAt: (p, doses, t) => [oneCompartmentConcentration({ clLPerH: p.CL, vL: p.V }, doses, t) * p.V],
        concentrationsFrom: (p, state, t0, doses, times) => {
          const q = { clLPerH: p.CL, vL: p.V };
          const later = doses.filter((d) => d.timeH >= t0);
          return times.map((t) => (state[0] / p.V) * Math.exp((-p.CL / p.V) * (t - t0)) + oneCompartmentConcentration(q, later, t));
        },
        steadyState: (p, doseMg, tauH) => {
          const q = { clLPerH: p.CL, vL: p.V };
          return {
            troughUgPerMl: oneCompartmentSteadyStateTrough(q, doseMg, durationH, tauH),
            cmaxUgPerMl: oneCompartmentSteadyStateCmax(q, doseMg, durationH, tauH),
          };
        },
      };
    case 'two-compartment-linear-mm-iv': {
      const grid: Rk4Grid = { infusionStepH: model.solver!.infusionStepH, maxStepH: model.solver!.maxStepH };
      return {
        model,
        concentrations: (p, doses, times) => twoCompartmentMmConcentrations(twoCmtParameters(p), doses, times, grid),
        stateAt: (p, doses, t) => {
          const s = twoCompartmentMmStateAt(twoCmtParameters(p), doses, t, grid);
          return [s.a1Mg, s.a2Mg];
        },
        concentrationsFrom: (p, state, t0, doses, times) =>
          twoCompartmentMmConcentrations(twoCmtParameters(p), doses, times, grid, { timeH: t0, state: { a1Mg: state[0], a2Mg: state[1] } }),
        steadyState: (p, doseMg, tauH, warm, relTol) =>
          twoCompartmentMmSteadyState(twoCmtParameters(p), doseMg, durationH, tauH, grid, warm as SteadyStateWarmStart | undefined, relTol),
      };
    }
    default:
      throw new RangeError(`no engine for structure ${String((model as PkModelDefinition).structure)}`);
  }
}

/** Covariate-adjusted typical values; a missing covariate (e.g. no weight) leaves the typical value. */
export function covariateAdjustedValues(model: PkModelDefinition, covariates: { weightKg?: number }): PkParameterValues {
  const out = typicalValues(model);
  for (const c of model.covariates) {
    const x = covariates[c.field];
    if (x === undefined || !(x > 0)) continue;
    for (const e of c.effects) out[e.parameter] *= Math.pow(x / c.reference, e.exponent);
  }
  return out;
}

/** Applies random effects η (in `model.betweenSubjectVariability` order): P_i = P · e^η. */
export function individualValues(model: PkModelDefinition, base: PkParameterValues, eta: readonly number[]): PkParameterValues {
  const out = { ...base };
  model.betweenSubjectVariability.forEach((v, i) => {
    out[v.parameter] *= Math.exp(eta[i] ?? 0);
  });
  return out;
}
