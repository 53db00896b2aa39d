// Token-level labelling for agreement: each token of the project tokenizer gets the label of the span covering it.
// Rule: a span covers a token when they share at least one UTF-16 code unit; where several spans of one
// set cover a token the shortest wins (nested entities: the innermost), ties going to the earlier start,
// then to the label first in code-unit order. Tokens no span covers get OUTSIDE ('O'). No IOB prefixes.
import { tokenize, type Token } from '../tokenize.ts';
import type { FinishedSet } from '../domain.ts';
import type { Rating } from './coding.ts';

/** Label of a token no span covers. */
export const OUTSIDE = 'O';
/** Code of OUTSIDE in coded label rows; span labels get codes from 1. */
export const OUTSIDE_CODE = 0;

/** Token boundaries as typed arrays: cheap to cache and to search. */
export interface TokenOffsets {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

export interface SpanLike {
  start: number;
  end: number;
  label: string;
}

export function tokenOffsets(text: string): TokenOffsets {
  return offsetsOf(tokenize(text));
}

/**
 * Token boundaries from the flat start/end pairs stored per document at import (see
 * shared/formats/tokens.ts: the same tokenizer), so a report need not segment the texts again.
 */
export function offsetsFromPairs(pairs: ArrayLike<number>): TokenOffsets {
  const count = pairs.length >> 1;
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    starts[i] = pairs[2 * i]!;
    ends[i] = pairs[2 * i + 1]!;
  }
  return { count, starts, ends };
}

function offsetsOf(tokens: readonly Token[]): TokenOffsets {
  const starts = new Int32Array(tokens.length);
  const ends = new Int32Array(tokens.length);
  tokens.forEach((t, i) => {
    starts[i] = t.start;
    ends[i] = t.end;
  });
  return { count: tokens.length, starts, ends };
}

/**
 * A bounded memo of tokenOffsets keyed by the text itself, so a stale entry is impossible. Worth keeping
 * across report runs: Intl.Segmenter costs about a microsecond per segment, far more than the statistics.
 */
export function createTokenCache(maxEntries = 20_000): (text: string) => TokenOffsets {
  const cache = new Map<string, TokenOffsets>();
  return (text) => {
    let hit = cache.get(text);
    if (hit) {
      cache.delete(text); // re-insert: Map order doubles as recency order
    } else {
      hit = tokenOffsets(text);
      if (cache.size >= maxEntries) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
    }
    cache.set(text, hit);
    return hit;
  };
}

/** Index of the first token whose end lies after `offset` (token ends ascend). */
function firstTokenEndingAfter(tokens: TokenOffsets, offset: number): number {
  let lo = 0;
  let hi = tokens.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens.ends[mid] ?? 0) > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Scratch per token: length of the span labelling it so far (0: none yet), and that span's index. */
let bestLength = new Int32Array(1024);
let bestSpan = new Int32Array(1024);

/** Whether span `s` beats the span `held` that labels a token now, both covering it: the rule at the top. */
function beats(s: SpanLike, held: SpanLike): boolean {
  const d = s.end - s.start - (held.end - held.start);
  if (d !== 0) return d < 0;
  return s.start < held.start || (s.start === held.start && s.label < held.label);
}

/**
 * Writes one label code per token into `out` (OUTSIDE_CODE where no span covers it). `codeOf` maps a
 * label to its code (≥ 1). Spans with end ≤ start cover nothing.
 */
export function labelTokens(
  tokens: TokenOffsets,
  spans: readonly SpanLike[],
  codeOf: (label: string) => number,
  out: Int32Array = new Int32Array(tokens.count),
): Int32Array {
  const n = tokens.count;
  if (bestLength.length < n) {
    bestLength = new Int32Array(n * 2);
    bestSpan = new Int32Array(n * 2);
  }
  out.fill(OUTSIDE_CODE, 0, n);
  bestLength.fill(0, 0, n);
  // Every covering span bids for the token and the rule settles each bid, so no sort is needed.
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (!s || s.end <= s.start) continue;
    const length = s.end - s.start;
    const code = codeOf(s.label);
    for (let t = firstTokenEndingAfter(tokens, s.start); t < n; t++) {
      if ((tokens.starts[t] ?? 0) >= s.end) break;
      const held = bestLength[t] ?? 0;
      if (held === 0 || length < held || (length === held && beats(s, spans[bestSpan[t] ?? 0] ?? s))) {
        bestLength[t] = length;
        bestSpan[t] = i;
        out[t] = code;
      }
    }
  }
  return out;
}

export interface TokenLabelMatrix {
  tokens: Token[];
  /** Column order of `matrix`: the sets' annotators, as given. */
  annotators: string[];
  /** Rows are tokens, columns annotators: a label name or OUTSIDE. */
  matrix: Rating[][];
}

/** Labels every token of `text` once per set: the item × rater matrix token-level kappa and alpha read. */
export function tokenLabelMatrix(text: string, sets: readonly Pick<FinishedSet, 'annotator' | 'spans'>[]): TokenLabelMatrix {
  const tokens = tokenize(text);
  const offsets = offsetsOf(tokens);
  const names: string[] = [OUTSIDE];
  const codes = new Map<string, number>();
  const codeOf = (label: string): number => {
    let c = codes.get(label);
    if (c === undefined) {
      c = names.push(label) - 1;
      codes.set(label, c);
    }
    return c;
  };
  const columns = sets.map((s) => labelTokens(offsets, s.spans, codeOf));
  const matrix = tokens.map((_, t) => columns.map((col) => names[col[t] ?? OUTSIDE_CODE] ?? OUTSIDE));
  return { tokens, annotators: sets.map((s) => s.annotator), matrix };
}
