// Fleiss' kappa: chance-corrected agreement of many raters on nominal categories (Fleiss 1971).
// The accumulator keeps per-category sums only, so documents can be pooled and any category read as a yes/no item.
import { chanceCorrected, encodeMatrix, MISSING, Tally, UnitCounter, type RatingMatrix } from './coding.ts';
import { emptyKappa, type KappaResult } from './cohen.ts';

export interface FleissResult extends KappaResult {
  /** Ratings per counted item (Fleiss needs the same number on every item). */
  raters: number;
  /** Items left out because they carry a different number of ratings (or fewer than 2). */
  excludedItems: number;
}

/** Sums of one group of items that all carry `raters` ratings. */
interface FleissGroup {
  items: number;
  /** Σ over items of n_ij (ratings of category j). */
  sum: Tally;
  /** Σ over items of n_ij (n_ij − 1): agreeing ordered pairs. */
  pairs: Tally;
}

/**
 * Pools items for Fleiss' kappa. Items are grouped by how many ratings they carry; the result uses the
 * group with the most items (ties: more raters) and reports the rest as excluded, since Fleiss' formula
 * assumes a constant number of ratings per item. Krippendorff's alpha is the coefficient for ragged data.
 */
export class FleissAccumulator {
  private readonly groups = new Map<number, FleissGroup>();
  private readonly counter = new UnitCounter();
  /** Units with fewer than two ratings: never comparable. */
  private unpaired = 0;

  /** Adds one item given the category codes of its ratings (MISSING for none). */
  addUnit(codes: ArrayLike<number>, len = codes.length): void {
    this.counter.count(codes, len);
    this.addCounted(this.counter);
  }

  /** Adds `weight` items counted as `u` (lets several accumulators share one count, and runs of equal items). */
  addCounted(u: UnitCounter, weight = 1): void {
    if (u.rated < 2) {
      this.unpaired += weight;
      return;
    }
    const g = this.group(u.rated);
    g.items += weight;
    for (let k = 0; k < u.distinct; k++) {
      const c = u.categories[k] ?? MISSING;
      const n = u.counts[k] ?? 0;
      g.sum.add(c, n * weight);
      if (n > 1) g.pairs.add(c, n * (n - 1) * weight);
    }
  }

  merge(other: FleissAccumulator): void {
    this.unpaired += other.unpaired;
    for (const [raters, g] of other.groups) {
      const mine = this.group(raters);
      mine.items += g.items;
      mine.sum.addAll(g.sum);
      mine.pairs.addAll(g.pairs);
    }
  }

  clear(): void {
    this.groups.clear();
    this.unpaired = 0;
  }

  result(): FleissResult {
    return this.compute(null);
  }

  /** Fleiss' kappa of the yes/no question "is it `category`?". */
  resultFor(category: number): FleissResult {
    return this.compute(category);
  }

  private compute(category: number | null): FleissResult {
    let best: FleissGroup | undefined;
    let raters = 0;
    let total = this.unpaired;
    for (const [n, g] of this.groups) {
      total += g.items;
      if (!best || g.items > best.items || (g.items === best.items && n > raters)) {
        best = g;
        raters = n;
      }
    }
    if (!best) return { ...emptyKappa(), raters: 0, excludedItems: total };
    const items = best.items;
    const n = raters;
    const ratings = items * n;
    let observed: number;
    let expected: number;
    if (category === null) {
      observed = best.pairs.sum() / (ratings * (n - 1));
      expected = best.sum.sumOfSquares() / (ratings * ratings);
    } else {
      // Per item, agreeing pairs on yes/no are c(c−1) + (n−c)(n−c−1) = n(n−1) − 2c(n−1) + 2c(c−1).
      const c = best.sum.get(category);
      const cc = best.pairs.get(category);
      observed = 1 + (2 * cc - 2 * (n - 1) * c) / (ratings * (n - 1));
      const p = c / ratings;
      expected = p * p + (1 - p) * (1 - p);
    }
    return {
      value: chanceCorrected(observed, expected),
      observed,
      expected,
      items,
      raters: n,
      excludedItems: total - items,
    };
  }

  private group(raters: number): FleissGroup {
    let g = this.groups.get(raters);
    if (!g) {
      g = { items: 0, sum: new Tally(), pairs: new Tally() };
      this.groups.set(raters, g);
    }
    return g;
  }
}

/** Fleiss' kappa of an item × rater matrix (null = not rated); see FleissAccumulator for ragged items. */
export function fleissKappa(matrix: RatingMatrix): FleissResult {
  const { codes, raters, items } = encodeMatrix(matrix);
  const acc = new FleissAccumulator();
  for (let i = 0; i < items; i++) acc.addUnit(codes.subarray(i * raters, (i + 1) * raters));
  return acc.result();
}

