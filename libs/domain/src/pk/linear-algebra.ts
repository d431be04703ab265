/** Small dense linear algebra for the random effects (n = 1–3): one Cholesky for the MAP fit and the posterior. */

/** Lower Cholesky factor L (A = L·Lᵀ), or null when A is not positive definite. */
export function choleskyFactor(a: readonly (readonly number[])[]): number[][] | null {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  }
  return l;
}
