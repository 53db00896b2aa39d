// Cohen's kappa: chance-corrected agreement of two raters on nominal categories.
// The accumulator keeps only per-category sums, so documents can be pooled and any category read as a yes/no item.
import { chanceCorrected, encodeMatrix, MISSING, Tally, type RatingMatrix } from './coding.ts';

export interface KappaResult {
  /** The coefficient, or null where it is undefined (no items, or chance agreement is already 1). */
  value: number | null;
  /** Observed agreement (Po; P̄ for Fleiss). */
  observed: number | null;
  /** Agreement expected by chance (Pe; P̄e for Fleiss). */
  expected: number | null;
  /** Items counted. */
  items: number;
}

/** Pools rating pairs of two raters; items missing either rating are not given to it. */
export class CohenAccumulator {
  items = 0;
  private readonly diagonal = new Tally();
  private readonly first = new Tally();
  private readonly second = new Tally();

  /** Adds `weight` items rated `a` by the first rater and `b` by the second. */
  add(a: number, b: number, weight = 1): void {
    this.items += weight;
    this.first.add(a, weight);
    this.second.add(b, weight);
    if (a === b) this.diagonal.add(a, weight);
  }

  merge(other: CohenAccumulator): void {
    this.items += other.items;
    this.diagonal.addAll(other.diagonal);
    this.first.addAll(other.first);
    this.second.addAll(other.second);
  }

  clear(): void {
    this.items = 0;
    this.diagonal.clear();
    this.first.clear();
    this.second.clear();
  }

  result(): KappaResult {
    const n = this.items;
    if (n === 0) return emptyKappa();
    const observed = this.diagonal.sum() / n;
    let expected = 0;
    const len = Math.max(this.first.length, this.second.length);
    for (let c = 0; c < len; c++) expected += (this.first.get(c) / n) * (this.second.get(c) / n);
    return { value: chanceCorrected(observed, expected), observed, expected, items: n };
  }

  /** Kappa of the yes/no question "is it `category`?", read off the same sums. */
  resultFor(category: number): KappaResult {
    const n = this.items;
    if (n === 0) return emptyKappa();
    const both = this.diagonal.get(category);
    const a = this.first.get(category);
    const b = this.second.get(category);
    const observed = (n - a - b + 2 * both) / n;
    const pa = a / n;
    const pb = b / n;
    const expected = pa * pb + (1 - pa) * (1 - pb);
    return { value: chanceCorrected(observed, expected), observed, expected, items: n };
  }
}

/** The result where there is nothing to compare. */
export function emptyKappa(): KappaResult {
  return { value: null, observed: null, expected: null, items: 0 };
}

/** Cohen's kappa between columns `a` and `b` of an item × rater matrix; items where either is null are skipped. */
export function cohenKappa(matrix: RatingMatrix, a = 0, b = 1): KappaResult {
  const { codes, raters, items } = encodeMatrix(matrix);
  const acc = new CohenAccumulator();
  for (let i = 0; i < items; i++) {
    const x = a < raters ? (codes[i * raters + a] ?? MISSING) : MISSING;
    const y = b < raters ? (codes[i * raters + b] ?? MISSING) : MISSING;
    if (x !== MISSING && y !== MISSING) acc.add(x, y);
  }
  return acc.result();
}


export interface PairKappa {
  a: string;
  b: string;
  kappa: KappaResult;
}

/** Cohen's kappa for every pair of columns (a before b in `raters` order) that share at least one rated item. */
export function pairwiseCohen(matrix: RatingMatrix, raters: readonly string[]): PairKappa[] {
  const out: PairKappa[] = [];
  raters.forEach((a, i) => {
    raters.forEach((b, j) => {
      if (j <= i) return;
      const kappa = cohenKappa(matrix, i, j);
      if (kappa.items > 0) out.push({ a, b, kappa });
    });
  });
  return out;
}
