/**
 * An observed (measured) concentration from the true one and a standard-normal draw ε, per the model file's
 * residual-error model (pk-model-definition.ts): exponential y = f·e^(σε); proportional y = f·(1 + σε);
 * combined y = f + √(σ²f² + add²)·ε. Used for prediction intervals of measured troughs and for simulated
 * troughs in tests and benches — one definition.
 */
import { PkResidualErrorSpec } from './pk-model-definition';

export function observedFromTrue(r: PkResidualErrorSpec, trueUgPerMl: number, eps: number): number {
  if (r.model === 'exponential') return trueUgPerMl * Math.exp(r.sigma * eps);
  if (r.model === 'proportional') return trueUgPerMl * (1 + r.sigma * eps);
  return trueUgPerMl + Math.sqrt(r.sigma * r.sigma * trueUgPerMl * trueUgPerMl + (r.additiveUgPerMl ?? 0) ** 2) * eps;
}
