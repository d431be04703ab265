/**
 * Laplace sampling of the posterior of the random effects η (documented in README "PK models"): after the MAP
 * fit, η | data ≈ N(η̂, Σ) with Σ = 2·H⁻¹ (map-fit.ts). Draws are η̂ + L·z with L the Cholesky factor of Σ
 * and z standard normal from a fixed-seed generator, so the same inputs always give the same table (the domain
 * library reads no clock and no global random state). Residual-error draws come from a second fixed stream.
 */

/** Number of posterior draws per prediction: Monte-Carlo SE of a probability ≤ √(0.25/400) = 0.025. */
export const POSTERIOR_SAMPLES = 400;
export const POSTERIOR_SEED = 20251507;

/** mulberry32: tiny, fast, identical on every machine. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box–Muller (1 − u keeps the log away from 0). */
export function seededNormals(seed: number): () => number {
  const u = seededUniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Lower Cholesky factor of a symmetric positive semi-definite matrix (tiny negative pivots → 0). */
export function cholesky(a: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) l[i][i] = Math.sqrt(Math.max(s, 0));
      else l[i][j] = l[j][j] > 0 ? s / l[j][j] : 0;
    }
  }
  return l;
}

/** `count` draws of η ~ N(mode, covariance). */
export function laplaceSamples(mode: readonly number[], covariance: readonly (readonly number[])[], count = POSTERIOR_SAMPLES, seed = POSTERIOR_SEED): number[][] {
  const l = cholesky(covariance);
  const z = seededNormals(seed);
  return Array.from({ length: count }, () => {
    const zs = mode.map(() => z());
    return mode.map((m, i) => m + l[i].reduce((s, lik, k) => s + lik * zs[k], 0));
  });
}

/** Empirical quantile (type 7, linear interpolation) of an ascending array. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
