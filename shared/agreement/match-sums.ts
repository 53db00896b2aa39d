// Span-match sums of one comparison (an annotator pair, or an annotator against gold) pooled over documents.
import { Tally } from './coding.ts';
import { countMatches, MatchMode, prf, type SpanScore } from './span-f1.ts';
import type { PreparedSpans } from './prepared-spans.ts';

/** Span-match sums of one comparison (an annotator pair, or an annotator against gold) over documents. */
export class MatchSums {
  documents = 0;
  readonly exact = new Tally();
  readonly overlap = new Tally();
  readonly reference = new Tally();
  readonly candidate = new Tally();

  /** Matches one document's sets, returning that document's own scores. */
  add(ref: PreparedSpans, cand: PreparedSpans): { exact: SpanScore; overlap: SpanScore } {
    this.documents++;
    ref.countLabels(this.reference);
    cand.countLabels(this.candidate);
    const score = (tp: number): SpanScore => prf({ tp, fp: cand.count - tp, fn: ref.count - tp });
    return {
      exact: score(countMatches(ref, cand, MatchMode.exact, this.exact)),
      overlap: score(countMatches(ref, cand, MatchMode.overlap, this.overlap)),
    };
  }

  /** Micro-averaged scores: summed counts over documents, overall or for one label code. */
  score(mode: MatchMode, label: number | null): SpanScore {
    const pick = (t: Tally): number => (label === null ? t.sum() : t.get(label));
    const tp = pick(mode === MatchMode.exact ? this.exact : this.overlap);
    return prf({ tp, fp: pick(this.candidate) - tp, fn: pick(this.reference) - tp });
  }
}
