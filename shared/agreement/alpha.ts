// Krippendorff's alpha for nominal data, via the coincidence matrix; missing ratings are allowed.
// Only the matrix diagonal and marginals matter for nominal data, so the accumulator pools without a k × k table.
import { encodeMatrix, MISSING, Tally, UnitCounter, type RatingMatrix } from './coding.ts';

export interface AlphaResult {
  /** α = 1 − Do/De, or null where undefined (no pairable values, or only one category ever used). */
  value: number | null;
  /** Observed disagreement Do: share of off-diagonal coincidences. */
  observedDisagreement: number | null;
  /** Expected disagreement De from the pooled category frequencies. */
  expectedDisagreement: number | null;
  /** Pairable values n: ratings in units that carry at least two. */
  pairable: number;
  /** Units with at least two ratings. */
  units: number;
}

/**
 * Coincidence-matrix sums for nominal alpha. A unit with m_u ≥ 2 ratings adds, for each category c rated
 * n_uc times, n_uc(n_uc − 1)/(m_u − 1) to the diagonal o_cc and n_uc to the marginal n_c (Krippendorff 2011).
 */
export class AlphaAccumulator {
  pairable = 0;
  units = 0;
  private readonly diagonal = new Tally();
  private readonly marginal = new Tally();
  private readonly counter = new UnitCounter();

  addUnit(codes: ArrayLike<number>, len = codes.length): void {
    this.counter.count(codes, len);
    this.addCounted(this.counter);
  }

  /** Adds `weight` units counted as `u` (lets several accumulators share one count, and runs of equal units). */
  addCounted(u: UnitCounter, weight = 1): void {
    const m = u.rated;
    if (m < 2) return;
    this.units += weight;
    this.pairable += m * weight;
    for (let k = 0; k < u.distinct; k++) {
      const c = u.categories[k] ?? MISSING;
      const n = u.counts[k] ?? 0;
      this.marginal.add(c, n * weight);
      if (n > 1) this.diagonal.add(c, ((n * (n - 1)) / (m - 1)) * weight);
    }
  }

  merge(other: AlphaAccumulator): void {
    this.pairable += other.pairable;
    this.units += other.units;
    this.diagonal.addAll(other.diagonal);
    this.marginal.addAll(other.marginal);
  }

  clear(): void {
    this.pairable = 0;
    this.units = 0;
    this.diagonal.clear();
    this.marginal.clear();
  }

  result(): AlphaResult {
    const n = this.pairable;
    // Σ_{c≠k} o_ck = n − Σ o_cc and Σ_{c≠k} n_c n_k = n² − Σ n_c².
    return this.finish(n - this.diagonal.sum(), n * n - this.marginal.sumOfSquares());
  }

  /** Alpha of the yes/no question "is it `category`?": collapsing categories just sums coincidences. */
  resultFor(category: number): AlphaResult {
    const n = this.pairable;
    const nc = this.marginal.get(category);
    return this.finish(2 * (nc - this.diagonal.get(category)), 2 * nc * (n - nc));
  }

  private finish(offDiagonal: number, expectedPairs: number): AlphaResult {
    const n = this.pairable;
    if (n < 2) {
      return { value: null, observedDisagreement: null, expectedDisagreement: null, pairable: n, units: this.units };
    }
    const observedDisagreement = offDiagonal / n;
    const expectedDisagreement = expectedPairs / (n * (n - 1));
    const value = expectedDisagreement <= 1e-12 ? null : 1 - observedDisagreement / expectedDisagreement;
    return { value, observedDisagreement, expectedDisagreement, pairable: n, units: this.units };
  }
}

/** Krippendorff's nominal alpha of an item × rater matrix (null = not rated). */
export function krippendorffAlpha(matrix: RatingMatrix): AlphaResult {
  const { codes, raters, items } = encodeMatrix(matrix);
  const acc = new AlphaAccumulator();
  for (let i = 0; i < items; i++) acc.addUnit(codes.subarray(i * raters, (i + 1) * raters));
  return acc.result();
}
