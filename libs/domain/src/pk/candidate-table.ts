/**
 * The candidate-interval table of a prediction (issue 15 item 4), from the MAP fit and posterior draws
 * (importance resampling of Laplace draws, posterior-samples.ts):
 *
 * - steady-state trough: the MAP value, and per posterior draw the exact steady state of that draw's parameters
 *   (warm-started from the MAP steady state) → 95 % credible interval of the TRUE trough (2.5–97.5 %
 *   percentiles), P(steady-state trough ≥ target) = share of draws at or above the target, and a 95 %
 *   prediction interval of a MEASURED steady-state trough (each draw times a residual-error draw);
 * - first trough after switching (last real infusion + interval): exact at the MAP; per draw, the drug amounts just
 *   before the last infusion are linearised in η around the MAP (S(η) ≈ S(η̂) + ∂S/∂η·(η − η̂), forward
 *   differences: the whole history is simulated only 1 + n times, not once per draw — the amounts are a smooth,
 *   nearly linear function of η), and the last infusion and the weeks after it are simulated exactly with the
 *   draw's parameters (the nonlinear part); times a residual-error draw → 95 % prediction interval of the
 *   measured first trough, residual error included.
 */
import { PkDose } from './one-compartment';
import { MapFitResult, PkObservation, observationTerm } from './map-fit';
import { PkEngine, individualValues } from './pk-engine';
import { PkParameterValues } from './pk-model-definition';
import { POSTERIOR_SEED, PosteriorDraws, importanceResample, quantileSorted, seededNormals } from './posterior-samples';
import { observedFromTrue } from './residual-error';

export interface TroughCandidate {
  intervalWeeks: number;
  /** Steady-state trough at the MAP parameters (typical values without troughs), µg/mL, unrounded. */
  steadyStateTroughUgPerMl: number;
  /** 95 % credible interval of the true steady-state trough (posterior draws, parameter uncertainty). */
  lower: number;
  upper: number;
  /** 95 % prediction interval of a measured steady-state trough (residual error included). */
  steadyStatePredictionLower: number;
  steadyStatePredictionUpper: number;
  /** Trough at the last real infusion + this interval; null without any administered infusion. */
  firstTroughAfterSwitchUgPerMl: number | null;
  /** 95 % prediction interval of the measured first trough, residual error included; null without infusions. */
  firstTroughLower: number | null;
  firstTroughUpper: number | null;
  /** P(true steady-state trough ≥ target | troughs so far); null without a target. */
  probabilityAtOrAboveTarget: number | null;
  /** The first trough clears the target but the steady state does not (docs/science/pk-model.md §7: it overstates 2–8×). */
  firstTroughOnlyWarning: string | null;
}

const HOURS_PER_WEEK = 168;
const FD_ETA = 1e-3;
/**
 * A draw's steady state is solved to 1e-4·max(1, C) µg/mL (0.001 µg/mL at a 10 µg/mL trough): far below the
 * assay's resolution and the Monte-Carlo error of a 400-draw percentile or probability.
 */
const SAMPLE_REL_TOL = 1e-4;

export interface CandidateTableInput {
  engine: PkEngine;
  base: PkParameterValues;
  fit: MapFitResult;
  observations: readonly PkObservation[];
  doses: readonly PkDose[];
  doseMg: number;
  weeks: readonly number[];
  target: number | undefined;
}

/** Posterior draws of η given the fit (see posterior-samples.ts for the method). */
export function posteriorDraws(engine: PkEngine, fit: MapFitResult, observations: readonly PkObservation[]): PosteriorDraws {
  const omega2 = engine.model.betweenSubjectVariability.map((v) => v.omega * v.omega);
  const mu0 = fit.predictedUgPerMl.map((v) => Math.log(Math.max(v, 1e-300)));
  const jac = fit.logPredictionJacobian;
  return importanceResample(fit.eta, fit.etaCovariance, (eta) => {
    let s = 0;
    for (let m = 0; m < eta.length; m++) s += (eta[m] * eta[m]) / omega2[m];
    for (let j = 0; j < observations.length; j++) {
      let mu = mu0[j];
      for (let m = 0; m < eta.length; m++) mu += jac[m][j] * (eta[m] - fit.eta[m]);
      s += observationTerm(engine, observations[j], mu);
    }
    return s;
  });
}

export function candidateTable(input: CandidateTableInput): {
  candidates: TroughCandidate[];
  effectiveSampleSize: number;
  draws: number[][];
} {
  const { engine, base, fit, doses, doseMg, weeks, target } = input;
  const model = engine.model;
  const { draws, effectiveSampleSize } = posteriorDraws(engine, fit, input.observations);
  const eps = seededNormals(POSTERIOR_SEED + 1);
  const residualSs = draws.map(() => eps());
  const residualFirst = draws.map(() => eps());

  // First troughs: the state before the last infusion, linear in η; the last interval exact per draw.
  const last = doses.length ? doses[doses.length - 1].timeH : 0;
  const lastDose = doses.slice(-1);
  const times = weeks.map((w) => last + w * HOURS_PER_WEEK);
  const stateAt = (eta: number[]) => engine.stateAt(individualValues(model, base, eta), doses, last);
  const stateMap = doses.length ? stateAt(fit.eta) : null;
  const stateGrad = stateMap
    ? fit.eta.map((_, m) => stateAt(fit.eta.map((e, k) => (k === m ? e + FD_ETA : e))).map((v, j) => (v - stateMap[j]) / FD_ETA))
    : null;
  const firstMap = stateMap ? engine.concentrationsFrom(fit.parameters, stateMap, last, lastDose, times) : null;

  // Resampling repeats draws: each distinct draw is solved once per candidate.
  const distinct = [...new Set(draws)];
  const distinctParams = distinct.map((eta) => individualValues(model, base, eta));
  const indexOf = new Map(distinct.map((eta, k) => [eta, k]));
  const distinctFirst =
    stateMap && stateGrad
      ? distinct.map((eta, k) => {
          const state = stateMap.map((v, j) => Math.max(0, v + eta.reduce((acc, e, m) => acc + stateGrad[m][j] * (e - fit.eta[m]), 0)));
          return engine.concentrationsFrom(distinctParams[k], state, last, lastDose, times);
        })
      : null;
  const candidates = weeks.map((w, i) => {
    const tauH = w * HOURS_PER_WEEK;
    const atMap = engine.steadyState(fit.parameters, doseMg, tauH);
    const solved = distinctParams.map((p) => engine.steadyState(p, doseMg, tauH, atMap.warm, SAMPLE_REL_TOL).troughUgPerMl);
    const ss = draws.map((eta) => solved[indexOf.get(eta)!]);
    const ssSorted = [...ss].sort((a, b) => a - b);
    const ssObserved = ss.map((v, k) => observedFromTrue(model.residualError, v, residualSs[k])).sort((a, b) => a - b);
    const probability = target === undefined ? null : ss.filter((v) => v >= target).length / ss.length;

    let first: number | null = null;
    let firstLower: number | null = null;
    let firstUpper: number | null = null;
    if (firstMap && distinctFirst) {
      first = firstMap[i];
      const observed = draws
        .map((eta, k) => observedFromTrue(model.residualError, distinctFirst[indexOf.get(eta)!][i], residualFirst[k]))
        .sort((a, b) => a - b);
      firstLower = quantileSorted(observed, 0.025);
      firstUpper = quantileSorted(observed, 0.975);
    }
    const steady = atMap.troughUgPerMl;
    const warning =
      target !== undefined && first !== null && first >= target && steady < target
        ? `At ${w} weeks the first trough after switching (${first.toFixed(2)} µg/mL) clears the target ${target} µg/mL but the steady state (${steady.toFixed(2)} µg/mL) does not: the first trough at a new interval overstates the eventual steady state (docs/science/pk-model.md §7).`
        : null;
    return {
      intervalWeeks: w,
      steadyStateTroughUgPerMl: steady,
      lower: quantileSorted(ssSorted, 0.025),
      upper: quantileSorted(ssSorted, 0.975),
      steadyStatePredictionLower: quantileSorted(ssObserved, 0.025),
      steadyStatePredictionUpper: quantileSorted(ssObserved, 0.975),
      firstTroughAfterSwitchUgPerMl: first,
      firstTroughLower: firstLower,
      firstTroughUpper: firstUpper,
      probabilityAtOrAboveTarget: probability,
      firstTroughOnlyWarning: warning,
    };
  });
  return { candidates, effectiveSampleSize, draws };
}

/**
 * The recommended interval (issue 15 item 4): the longest candidate whose probability reaches `minProbability`
 * (each draw's trough falls as the interval grows, so the probability does too). If even the shortest misses,
 * the shortest with a flag (docs/science/pk-model.md §3d). One definition, used by predictions, simulations and shadow MIPD.
 */
export function recommendInterval(
  candidates: readonly Pick<TroughCandidate, 'intervalWeeks' | 'probabilityAtOrAboveTarget'>[],
  minProbability: number,
): { intervalWeeks: number; targetNotMetAtMinimum: boolean } {
  const meeting = candidates.filter((c) => (c.probabilityAtOrAboveTarget ?? 0) >= minProbability);
  return meeting.length
    ? { intervalWeeks: meeting[meeting.length - 1].intervalWeeks, targetNotMetAtMinimum: false }
    : { intervalWeeks: candidates[0].intervalWeeks, targetNotMetAtMinimum: true };
}
