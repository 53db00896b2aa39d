// One annotation set's spans as sorted integer triples, prepared once per set and matched against many sets.
import type { Codebook, Tally } from './coding.ts';
import type { SpanLike } from './token-labels.ts';

// Offsets below 2^21 (Limits.documentChars is 2,000,000) and label codes below 2^11 pack into 53 bits.
const PACK_OFFSETS = 2 ** 21;
const PACK_LABELS = 2 ** 11;

/** Scratch for packed sort keys, grown on demand. */
let keys = new Float64Array(256);

/**
 * One set's spans as (label code, start, end) triples sorted in that order, interleaved in one Int32Array:
 * prepared once per set, then matched against many sets.
 */
export class PreparedSpans {
  private constructor(
    readonly count: number,
    private readonly data: Int32Array,
  ) {}

  label(i: number): number {
    return this.data[3 * i] ?? 0;
  }
  start(i: number): number {
    return this.data[3 * i + 1] ?? 0;
  }
  end(i: number): number {
    return this.data[3 * i + 2] ?? 0;
  }

  static from(spans: readonly SpanLike[], book: Codebook): PreparedSpans {
    let n = 0;
    let packable = true;
    const data = new Int32Array(3 * spans.length);
    for (const s of spans) {
      if (s.end <= s.start) continue;
      const label = book.code(s.label);
      if (label >= PACK_LABELS || s.start < 0 || s.end >= PACK_OFFSETS) packable = false;
      data[3 * n] = label;
      data[3 * n + 1] = s.start;
      data[3 * n + 2] = s.end;
      n++;
    }
    if (packable) sortPacked(data, n);
    else sortByComparator(data, n);
    return new PreparedSpans(n, data);
  }

  /** Adds the number of spans per label code to `into`. */
  countLabels(into: Tally): void {
    for (let i = 0; i < this.count; i++) into.add(this.data[3 * i] ?? 0);
  }
}

/** Sorts triples packed into one exact float64 each: a native numeric sort, no comparator calls. */
function sortPacked(data: Int32Array, n: number): void {
  if (keys.length < n) keys = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    keys[i] = ((data[3 * i] ?? 0) * PACK_OFFSETS + (data[3 * i + 1] ?? 0)) * PACK_OFFSETS + (data[3 * i + 2] ?? 0);
  }
  const sorted = keys.subarray(0, n).sort();
  for (let i = 0; i < n; i++) {
    const key = sorted[i] ?? 0;
    const end = key % PACK_OFFSETS;
    const rest = (key - end) / PACK_OFFSETS;
    const start = rest % PACK_OFFSETS;
    data[3 * i] = (rest - start) / PACK_OFFSETS;
    data[3 * i + 1] = start;
    data[3 * i + 2] = end;
  }
}

function sortByComparator(data: Int32Array, n: number): void {
  const rows = Array.from({ length: n }, (_, i) => [data[3 * i] ?? 0, data[3 * i + 1] ?? 0, data[3 * i + 2] ?? 0] as const);
  rows.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  rows.forEach((row, i) => data.set(row, 3 * i));
}
