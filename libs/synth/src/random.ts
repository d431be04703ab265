import { createHash } from 'node:crypto';

/**
 * mulberry32: a tiny seeded PRNG, so the same seed gives the same synthetic (and demo) trial on every machine.
 * Each synthetic participant gets its own stream (seeded from the trial seed and the participant's number), so
 * generating in batches or in another order yields the same rows.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static forKey(seed: number, key: string): Random {
    return new Random(createHash('sha256').update(`${seed}:${key}`).digest().readUInt32LE(0));
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Log-normal around `median` with coefficient of variation `cv` (between-subject variability). */
  logNormal(median: number, cv: number): number {
    const sigma = Math.sqrt(Math.log(1 + cv * cv));
    return median * Math.exp(sigma * this.normal());
  }

  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Poisson count (Knuth) for small means: relapses and lesions at EID-trial rates. */
  poisson(mean: number): number {
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    for (;;) {
      p *= this.next();
      if (p <= l) return k;
      k++;
    }
  }
}

/**
 * Deterministic UUID (RFC 4122 layout, version 5 style: SHA-256 of a name, truncated): the same study code,
 * seed and record key always give the same id, so two loads of one seed produce identical row sets.
 */
export function deterministicUuid(namespace: string, key: string): string {
  const h = createHash('sha256').update(`${namespace}\u0000${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
