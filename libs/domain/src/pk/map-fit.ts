/**
 * MAP-Bayesian individualisation (docs/science/pk-model.md §3c), generalised to any number of log-normal random
 * effects and to the residual-error models of the model file.
 *
 *   OFV(η) = Σ_j ℓ_j(ŷ_j(η)) + Σ_m η_m²/ω_m²
 *
 * with ℓ_j = (ln y − ln ŷ)²/σ² for the exponential error of §3c, ((y − ŷ)/sd)² + 2 ln sd for
 * proportional/combined error, and −2 ln P(C < LLOQ) for a below-LLOQ trough (left-censored; the
 * platform convention documented in each model file's `belowLloq`).
 *
 * Optimiser: damped Newton (Levenberg–Marquardt safeguard) with Hessian Σ ℓ''·J·Jᵀ + Σ ℓ'·∂²ln ŷ + 2Ω⁻¹,
 * with J = ∂ln ŷ/∂η by finite differences. Each iteration costs 1 + n + n(n+1)/2 simulations of the
 * history for n random effects (§6 model: 6 per iteration, typically 4–10 iterations from η = 0).
 * η is bounded to [−3, 3] as in §3c's golden-section search. Deterministic: no random numbers.
 *
 * Laplace approximation: Cov(η | data) ≈ 2·H⁻¹ at the mode (H is the Hessian of OFV = −2 log posterior).
 */
import { PkDose } from './one-compartment';
import { PkEngine, individualValues } from './pk-engine';
import { PkParameterValues } from './pk-model-definition';
import { logNormalCdf } from './normal';
import { choleskyFactor } from './linear-algebra';

export interface PkObservation {
  timeH: number;
  /** Measured concentration, or the LLOQ when `belowLloq`. */
  ugPerMl: number;
  belowLloq: boolean;
}

export interface MapFitResult {
  eta: number[];
  /** Laplace covariance of η (prior Ω when there are no observations). */
  etaCovariance: number[][];
  parameters: PkParameterValues;
  predictedUgPerMl: number[];
  ofv: number;
  iterations: number;
  converged: boolean;
  /** ∂ln ŷ_j/∂η_m at the mode (n × observations; empty without observations): the posterior's linearisation. */
  logPredictionJacobian: number[][];
}

const ETA_BOUND = 3;
const FD_STEP = 1e-4;

/** −2 log-likelihood contribution of one observation as a function of μ = ln ŷ. */
export function observationTerm(engine: PkEngine, obs: PkObservation, mu: number): number {
  const { model: m, sigma, additiveUgPerMl } = engine.model.residualError;
  const pred = Math.exp(mu);
  if (m === 'exponential') {
    const z = (Math.log(obs.ugPerMl) - mu) / sigma;
    return obs.belowLloq ? -2 * logNormalCdf(z) : z * z;
  }
  const sd = m === 'proportional' ? sigma * pred : Math.sqrt(sigma * sigma * pred * pred + (additiveUgPerMl ?? 0) ** 2);
  const z = (obs.ugPerMl - pred) / sd;
  return obs.belowLloq ? -2 * logNormalCdf(z) : z * z + 2 * Math.log(sd);
}

function solve(a: number[][], b: number[]): number[] {
  // Gaussian elimination with partial pivoting; n is the number of random effects (1–3).
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
    x[r] = s / m[r][r];
  }
  return x;
}

function isPositiveDefinite(a: number[][]): boolean {
  return choleskyFactor(a) !== null;
}

function invert(a: number[][]): number[][] {
  const n = a.length;
  const cols = a.map((_, j) =>
    solve(
      a,
      a.map((__, i) => (i === j ? 1 : 0)),
    ),
  );
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => cols[j][i]));
}

export function mapFit(
  engine: PkEngine,
  baseValues: PkParameterValues,
  doses: readonly PkDose[],
  observations: readonly PkObservation[],
): MapFitResult {
  const bsv = engine.model.betweenSubjectVariability;
  const nEta = bsv.length;
  const omega2 = bsv.map((v) => v.omega * v.omega);
  const times = observations.map((o) => o.timeH);
  const predict = (eta: number[]): number[] =>
    observations.length ? engine.concentrations(individualValues(engine.model, baseValues, eta), doses, times) : [];
  const ofvOf = (eta: number[], pred: number[]): number => {
    let s = 0;
    for (let j = 0; j < pred.length; j++) s += observationTerm(engine, observations[j], Math.log(Math.max(pred[j], 1e-300)));
    for (let m = 0; m < nEta; m++) s += (eta[m] * eta[m]) / omega2[m];
    return s;
  };

  let eta = new Array<number>(nEta).fill(0);
  let pred = predict(eta);
  let ofv = ofvOf(eta, pred);
  let iterations = 0;
  let converged = observations.length === 0 || nEta === 0;

  /**
   * Gradient and Hessians of OFV at η. Newton Hessian = Σ ℓ''·J·Jᵀ + Σ ℓ'·∂²ln ŷ/∂η² + 2Ω⁻¹; the second
   * term matters when residuals are large (a Gauss–Newton-only fit zig-zags there). Finite differences
   * in η (step 1e-4); ℓ' and ℓ'' in μ = ln ŷ by central differences (no simulation needed).
   */
  const derivatives = (eta: number[], pred: number[]): { grad: number[]; hNewton: number[][]; hGgn: number[][]; jac: number[][] } => {
    const mu0 = pred.map((v) => Math.log(v));
    const muAt = (shift: number[]): number[] => predict(eta.map((e, m) => e + shift[m])).map((v) => Math.log(v));
    const unit = (m: number, k = 1): number[] => eta.map((_, i) => (i === m ? k * FD_STEP : 0));
    const muStep = eta.map((_, m) => muAt(unit(m)));
    const jac = muStep.map((mu) => mu.map((v, j) => (v - mu0[j]) / FD_STEP));
    const second: number[][][] = eta.map(() => eta.map(() => []));
    for (let a = 0; a < nEta; a++) {
      for (let b = a; b < nEta; b++) {
        const muAb = muAt(eta.map((_, i) => (i === a ? FD_STEP : 0) + (i === b ? FD_STEP : 0)));
        second[a][b] = second[b][a] = muAb.map((v, j) => (v - muStep[a][j] - muStep[b][j] + mu0[j]) / (FD_STEP * FD_STEP));
      }
    }
    const grad = eta.map((e, m) => (2 * e) / omega2[m]);
    const hGgn = omega2.map((w, i) => omega2.map((_, j) => (i === j ? 2 / w : 0)));
    const hNewton = hGgn.map((row) => [...row]);
    for (let j = 0; j < pred.length; j++) {
      const d = 1e-3;
      const l0 = observationTerm(engine, observations[j], mu0[j]);
      const lp = observationTerm(engine, observations[j], mu0[j] + d);
      const lm = observationTerm(engine, observations[j], mu0[j] - d);
      const d1 = (lp - lm) / (2 * d);
      const d2 = (lp - 2 * l0 + lm) / (d * d);
      for (let a = 0; a < nEta; a++) {
        grad[a] += d1 * jac[a][j];
        for (let b = 0; b < nEta; b++) {
          hGgn[a][b] += Math.max(d2, 0) * jac[a][j] * jac[b][j];
          hNewton[a][b] += d2 * jac[a][j] * jac[b][j] + d1 * second[a][b][j];
        }
      }
    }
    return { grad, hNewton, hGgn, jac };
  };

  let d = converged ? undefined : derivatives(eta, pred);
  let lambda = 0;
  while (d && !converged && iterations < 50) {
    const { grad, hNewton, hGgn } = d;
    const h = isPositiveDefinite(hNewton) ? hNewton : hGgn;
    const newton = solve(
      h,
      grad.map((g) => -g),
    );
    if (-grad.reduce((s, g, m) => s + g * newton[m], 0) < 1e-6) {
      converged = true; // Newton decrement: OFV within ~1e-6 of the minimum (FD noise floor ~1e-8)
      break;
    }
    iterations++;
    // Levenberg–Marquardt safeguard: damp until OFV decreases.
    let accepted = false;
    for (let tries = 0; tries < 30 && !accepted; tries++) {
      const damped = h.map((row, i) => row.map((v, j) => (i === j ? v + lambda * hGgn[i][i] : v)));
      const step = solve(
        damped,
        grad.map((g) => -g),
      );
      const trial = eta.map((e, m) => Math.min(ETA_BOUND, Math.max(-ETA_BOUND, e + step[m])));
      const trialPred = predict(trial);
      const trialOfv = ofvOf(trial, trialPred);
      if (trialOfv <= ofv) {
        const moved = Math.max(...trial.map((t, m) => Math.abs(t - eta[m])));
        eta = trial;
        pred = trialPred;
        ofv = trialOfv;
        lambda = lambda < 1e-6 ? 0 : lambda / 10;
        accepted = true;
        if (moved < 1e-9) converged = true; // pinned at the η bound
      } else {
        lambda = lambda === 0 ? 1e-3 : lambda * 10;
      }
    }
    if (!accepted) converged = true; // no descent left at this precision
    d = derivatives(eta, pred);
  }

  // Laplace: curvature at the mode (Newton Hessian when positive definite).
  const priorPrecision = omega2.map((w, i) => omega2.map((_, j) => (i === j ? 2 / w : 0)));
  const hessian = d ? (isPositiveDefinite(d.hNewton) ? d.hNewton : d.hGgn) : priorPrecision;
  return {
    eta,
    etaCovariance: invert(hessian).map((row) => row.map((v) => 2 * v)),
    parameters: individualValues(engine.model, baseValues, eta),
    predictedUgPerMl: pred,
    ofv,
    iterations,
    converged,
    logPredictionJacobian: d ? d.jac : [],
  };
}
