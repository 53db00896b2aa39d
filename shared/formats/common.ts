// What every writer shares: projecting UTF-16 spans into a target unit with the quote check (fail
// loudly), the sets to write, relation endpoints, and the non-overlapping subset of spans.
import { OffsetMap, splitsSurrogate } from '../offsets.ts';
import type { DocumentRecord } from '../domain.ts';
import { ExportError } from './types.ts';
import type { ExportSet, ExportSpan } from './types.ts';

/** A text with its offset map and (lazily) its code points, shared by all spans of a document. */
export class TextView {
  readonly text: string;
  readonly map: OffsetMap;
  private cps: string[] | undefined;
  private cpStarts: Uint32Array | undefined;
  private cpCount = 0;
  constructor(text: string) {
    this.text = text;
    this.map = new OffsetMap(text);
  }
  /** The code points as an array: an indexing independent of OffsetMap, so it can check it. */
  codePoints(): string[] {
    this.cps ??= Array.from(this.text);
    return this.cps;
  }
  /**
   * Code point slice, the way Python's `text[start:end]` reads it. Counted with the string
   * iterator (as codePoints() and Python count, a lone surrogate being one code point), not with
   * OffsetMap, so it checks OffsetMap; kept as UTF-16 starts, so no per-character strings.
   */
  cpSlice(start: number, end: number): string {
    let starts = this.cpStarts;
    if (starts === undefined) {
      starts = new Uint32Array(this.text.length + 1);
      let n = 0;
      let at = 0;
      for (const c of this.text) {
        starts[n++] = at;
        at += c.length;
      }
      starts[n] = at;
      this.cpStarts = starts;
      this.cpCount = n;
    }
    const n = this.cpCount;
    // Array#slice semantics: negative counts from the end, both ends clamped to [0, n].
    const s = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
    const e = end < 0 ? Math.max(0, n + end) : Math.min(end, n);
    return e <= s ? '' : this.text.slice(starts[s], starts[e]);
  }
}

export const preview = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);

export type TargetUnit = 'utf16' | 'codepoint';
export interface Projected {
  start: number;
  end: number;
  quote: string;
}

/** Why a span cannot be exported (a function, not a closure per call: project() runs for every span). */
function fail(docId: string, span: ExportSpan, why: string): never {
  throw new ExportError(docId, span.id, why);
}

/**
 * Converts a span's UTF-16 offsets to `unit` and checks that slicing the text IN THAT UNIT gives
 * the span's quote (and the stored quote, when the span carries one). Throws ExportError otherwise.
 */
export function project(view: TextView, span: ExportSpan, unit: TargetUnit, docId: string): Projected {
  const { start, end } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end)) fail(docId, span, `offsets ${start}..${end} are not integers`);
  if (start < 0 || end > view.text.length || start >= end) {
    fail(docId, span, `offsets [${start}, ${end}) are not a non-empty range inside the text (${view.text.length} UTF-16 units)`);
  }
  if (splitsSurrogate(view.text, start) || splitsSurrogate(view.text, end)) fail(docId, span, `offsets [${start}, ${end}) split a surrogate pair`);
  const quote = view.text.slice(start, end);
  if (span.quote !== undefined && span.quote !== quote) {
    fail(docId, span, `quote mismatch: stored quote ${preview(span.quote)} but the text at [${start}, ${end}) is ${preview(quote)}`);
  }
  if (unit === 'utf16') return { start, end, quote };
  let s = 0;
  let e = 0;
  try {
    s = view.map.toCodePoint(start);
    e = view.map.toCodePoint(end);
  } catch (err) {
    fail(docId, span, `cannot convert to code points: ${(err as Error).message}`);
  }
  const inTarget = view.cpSlice(s, e);
  if (inTarget !== quote) {
    fail(docId, span, `quote mismatch in code points: [${s}, ${e}) selects ${preview(inTarget)}, expected ${preview(quote)}`);
  }
  return { start: s, end: e, quote };
}

/** The sets to write for a document; a document without finished sets is written unannotated. */
export function setsToWrite(doc: DocumentRecord, sets: readonly ExportSet[]): readonly ExportSet[] {
  if (sets.length > 0) return sets;
  return [{ documentId: doc.id, annotator: '', version: 0, submittedBy: '', submittedAt: 0, spans: [], relations: [], docLabels: {} }];
}

/** Span id → index in the set, and each relation's endpoints as indexes; unknown ids throw. */
export function relationIndexes(set: ExportSet, docId: string): Array<{ from: number; to: number }> {
  if (set.relations.length === 0) return [];
  const index = new Map<string, number>();
  set.spans.forEach((s, i) => index.set(s.id, i));
  return set.relations.map((r) => {
    const from = index.get(r.from);
    const to = index.get(r.to);
    if (from === undefined || to === undefined) {
      throw new ExportError(docId, undefined, `relation ${r.id} refers to a span that is not in the set (${from === undefined ? r.from : r.to})`);
    }
    return { from, to };
  });
}

/**
 * Indexes of a non-overlapping subset of ranges: longest first (ties: earlier start, then input
 * order), each kept unless it overlaps one already kept. Returned in input order.
 */
export function keepLongest(ranges: ReadonlyArray<{ start: number; end: number }>): number[] {
  const order = ranges.map((_, i) => i);
  const r = (i: number): { start: number; end: number } => ranges[i] as { start: number; end: number };
  order.sort((a, b) => r(b).end - r(b).start - (r(a).end - r(a).start) || r(a).start - r(b).start || a - b);
  const kept: number[] = []; // sorted by start; kept ranges never overlap, so ends are sorted too
  for (const i of order) {
    const { start, end } = r(i);
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r(kept[mid] as number).start < start) lo = mid + 1;
      else hi = mid;
    }
    const before = kept[lo - 1];
    const after = kept[lo];
    if (before !== undefined && r(before).end > start) continue;
    if (after !== undefined && r(after).start < end) continue;
    kept.splice(lo, 0, i);
  }
  return kept.sort((a, b) => a - b);
}
