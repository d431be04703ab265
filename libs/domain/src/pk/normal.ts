/**
 * ln Φ(z) for the censored (< LLOQ) likelihood. Chebyshev erfc approximation (Numerical Recipes
 * `erfcc`, fractional error < 1.2e-7) kept in log form so that very negative z does not underflow.
 */
function logErfcNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) + poly;
}

/** ln of the standard normal CDF. */
export function logNormalCdf(z: number): number {
  const x = -z / Math.SQRT2; // Φ(z) = ½·erfc(−z/√2)
  if (x >= 0) return Math.log(0.5) + logErfcNonNegative(x);
  return Math.log(0.5) + Math.log(2 - Math.exp(logErfcNonNegative(-x)));
}
