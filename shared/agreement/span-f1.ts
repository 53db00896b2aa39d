// Span-level precision/recall/F1 between two annotation sets, by exact match or by overlap.
// Exact: same start, end and label. Overlap: same label and ranges sharing ≥ 1 code unit, paired one-to-one
// greedily by largest overlap (ties: earlier reference span, then earlier candidate span).
import { Codebook, ratio, Tally } from './coding.ts';
import { PreparedSpans } from './prepared-spans.ts';
import type { SpanLike } from './token-labels.ts';

export const MatchMode = { exact: 'exact', overlap: 'overlap' } as const;
export type MatchMode = (typeof MatchMode)[keyof typeof MatchMode];

/** tp: matched pairs; fp: candidate spans left unmatched; fn: reference spans left unmatched. */
export interface SpanCounts {
  tp: number;
  fp: number;
  fn: number;
}
export interface Prf {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}
export type SpanScore = SpanCounts & Prf;

/** Precision, recall and F1 from counts; null where a denominator is 0 (nothing to score). */
export function prf(c: SpanCounts): SpanScore {
  return {
    tp: c.tp,
    fp: c.fp,
    fn: c.fn,
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
  };
}

/** A same-label pair of overlapping spans: r indexes the reference set, c the candidate set. */
interface Candidate {
  overlap: number;
  r: number;
  c: number;
}
/** Per span of the current label run: overlapping partners, then whether taken (scratch, grown on demand). */
let degreeRef = new Int32Array(64);
let degreeCand = new Int32Array(64);
const byOverlap = (a: Candidate, b: Candidate): number => b.overlap - a.overlap || a.r - b.r || a.c - b.c;

/**
 * Counts true positives of `candidate` against `reference`, adding them per label code to `tpByLabel`
 * when given. fp and fn follow from the set sizes.
 */
export function countMatches(reference: PreparedSpans, candidate: PreparedSpans, mode: MatchMode, tpByLabel?: Tally): number {
  return mode === MatchMode.exact ? exactMatches(reference, candidate, tpByLabel) : overlapMatches(reference, candidate, tpByLabel);
}

function exactMatches(a: PreparedSpans, b: PreparedSpans, tpByLabel?: Tally): number {
  // Both are sorted by (label, start, end): a merge walk pairs equal triples, duplicates one-to-one.
  let i = 0;
  let j = 0;
  let tp = 0;
  while (i < a.count && j < b.count) {
    const d = a.label(i) - b.label(j) || a.start(i) - b.start(j) || a.end(i) - b.end(j);
    if (d < 0) i++;
    else if (d > 0) j++;
    else {
      tp++;
      tpByLabel?.add(a.label(i));
      i++;
      j++;
    }
  }
  return tp;
}

function overlapMatches(a: PreparedSpans, b: PreparedSpans, tpByLabel?: Tally): number {
  let tp = 0;
  let i = 0;
  let j = 0;
  while (i < a.count && j < b.count) {
    const la = a.label(i);
    const lb = b.label(j);
    if (la < lb) i++;
    else if (la > lb) j++;
    else {
      // The runs of this label in both sets.
      let iEnd = i;
      while (iEnd < a.count && a.label(iEnd) === la) iEnd++;
      let jEnd = j;
      while (jEnd < b.count && b.label(jEnd) === la) jEnd++;
      const matched = matchRun(a, i, iEnd, b, j, jEnd);
      tp += matched;
      if (matched > 0) tpByLabel?.add(la, matched);
      i = iEnd;
      j = jEnd;
    }
  }
  return tp;
}

function matchRun(a: PreparedSpans, i0: number, i1: number, b: PreparedSpans, j0: number, j1: number): number {
  if (degreeRef.length < i1 - i0 || degreeCand.length < j1 - j0) {
    degreeRef = new Int32Array(Math.max(2 * (i1 - i0), degreeRef.length));
    degreeCand = new Int32Array(Math.max(2 * (j1 - j0), degreeCand.length));
  }
  degreeRef.fill(0, 0, i1 - i0);
  degreeCand.fill(0, 0, j1 - j0);
  // First pass without allocating: when no span overlaps two others, every overlapping pair is a match.
  let pairs = 0;
  let contested = false;
  forEachOverlap(a, i0, i1, b, j0, j1, (_, r, c) => {
    pairs++;
    const dr = (degreeRef[r - i0] ?? 0) + 1;
    const dc = (degreeCand[c - j0] ?? 0) + 1;
    degreeRef[r - i0] = dr;
    degreeCand[c - j0] = dc;
    if (dr > 1 || dc > 1) contested = true;
  });
  if (!contested) return pairs;
  const candidates: Candidate[] = [];
  forEachOverlap(a, i0, i1, b, j0, j1, (overlap, r, c) => candidates.push({ overlap, r, c }));
  candidates.sort(byOverlap);
  degreeRef.fill(0, 0, i1 - i0); // reused as "taken" marks
  degreeCand.fill(0, 0, j1 - j0);
  let tp = 0;
  for (const { r, c } of candidates) {
    if (degreeRef[r - i0] || degreeCand[c - j0]) continue;
    degreeRef[r - i0] = 1;
    degreeCand[c - j0] = 1;
    tp++;
  }
  return tp;
}

function forEachOverlap(
  a: PreparedSpans,
  i0: number,
  i1: number,
  b: PreparedSpans,
  j0: number,
  j1: number,
  visit: (overlap: number, r: number, c: number) => void,
): void {
  for (let r = i0; r < i1; r++) {
    const rs = a.start(r);
    const re = a.end(r);
    for (let c = j0; c < j1; c++) {
      const cs = b.start(c);
      if (cs >= re) break; // starts ascend: no later candidate span can overlap
      const overlap = Math.min(re, b.end(c)) - Math.max(rs, cs);
      if (overlap > 0) visit(overlap, r, c);
    }
  }
}

export interface SpanF1 {
  total: SpanScore;
  /** Per label name: scores of that label's spans only. */
  byLabel: Record<string, SpanScore>;
}

/** Scores `candidate` against `reference` (precision = share of candidate spans matched; recall = of reference). */
export function spanF1(reference: readonly SpanLike[], candidate: readonly SpanLike[], mode: MatchMode): SpanF1 {
  const book = new Codebook();
  const ref = PreparedSpans.from(reference, book);
  const cand = PreparedSpans.from(candidate, book);
  const tp = new Tally();
  const refCount = new Tally();
  const candCount = new Tally();
  const total = countMatches(ref, cand, mode, tp);
  ref.countLabels(refCount);
  cand.countLabels(candCount);
  const byLabel = Object.fromEntries(
    [...book.names]
      .sort()
      .map((name) => {
        const c = book.find(name);
        const t = tp.get(c);
        return [name, prf({ tp: t, fp: candCount.get(c) - t, fn: refCount.get(c) - t })];
      }),
  );
  return { total: prf({ tp: total, fp: cand.count - total, fn: ref.count - total }), byLabel };
}
