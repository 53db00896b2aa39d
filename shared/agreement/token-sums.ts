// Token agreement sums of one document: Fleiss, alpha and pairwise Cohen, fed from Int32Array label rows.
import { AlphaAccumulator } from './alpha.ts';
import { UnitCounter } from './coding.ts';
import { CohenAccumulator } from './cohen.ts';
import { FleissAccumulator } from './fleiss.ts';

export class DocumentTokenSums {
  readonly fleiss = new FleissAccumulator();
  readonly alpha = new AlphaAccumulator();
  /** One per rater pair, in the order (0,1), (0,2) … (1,2) …; only the first k(k−1)/2 are current. */
  readonly cohen: CohenAccumulator[] = [];
  private readonly counter = new UnitCounter();
  private unit = new Int32Array(8);

  /** Replaces the sums with those of `T` tokens rated by `k` raters: rater r's labels at rows[r·T … r·T + T). */
  fill(rows: Int32Array, k: number, T: number): void {
    const pairs = (k * (k - 1)) / 2;
    while (this.cohen.length < pairs) this.cohen.push(new CohenAccumulator());
    for (let p = 0; p < pairs; p++) this.cohen[p]?.clear();
    this.fleiss.clear();
    this.alpha.clear();
    if (k === 0) return;
    if (this.unit.length < k) this.unit = new Int32Array(k);
    const unit = this.unit;
    // Neighbouring tokens mostly carry the same labels, so each run of equal rating tuples is added once, weighted.
    let run = 0;
    for (let t = 1; t <= T; t++) {
      if (t < T) {
        let same = true;
        for (let r = 0; r < k && same; r++) same = rows[r * T + t] === rows[r * T + run];
        if (same) continue;
      }
      const weight = t - run;
      for (let r = 0; r < k; r++) unit[r] = rows[r * T + run] ?? 0;
      this.counter.count(unit, k);
      this.fleiss.addCounted(this.counter, weight);
      this.alpha.addCounted(this.counter, weight);
      let p = 0;
      for (let i = 0; i < k; i++) {
        for (let j = i + 1; j < k; j++) this.cohen[p++]?.add(unit[i] ?? 0, unit[j] ?? 0, weight);
      }
      run = t;
    }
  }
}
