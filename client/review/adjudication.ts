// The adjudication rules as pure functions over the disagreement list (from the server) and a plain
// snapshot of the live gold layer: when a dispute counts as decided, and how the text is cut into
// blocks whose rows (gold, then one per annotator) line up.
//
// The rule ("a dispute is resolved when gold has a decision for it"):
//   - span cluster: gold holds at least one span overlapping the cluster's extent;
//   - relation group: gold holds a relation between two spans with the group's endpoint offsets and labels;
//   - document label set: gold holds a value for the set;
//   - or a reviewer accepted a version that holds nothing there ("no entity", "no relation",
//     "no label"). Gold cannot store an absence, so that choice is kept beside it as a cleared id
//     (cleared.ts: stored on the server, shared live with the other reviewers present).
import type { Disagreement, DocLabelDispute, RelationDispute, SpanDispute, SpanKey } from '../../shared/agreement/disagreements.ts';
import type { RelationValue, SpanValue } from '../../shared/domain.ts';
import type * as Y from 'yjs';
import { docLabelsOf, relationsOf, spansOf } from '../../shared/layer-doc.ts';

export interface GoldSnapshot {
  /** By start, then end. */
  spans: Array<[string, SpanValue]>;
  byId: Map<string, SpanValue>;
  /** maxEnd[i]: the largest end among spans[0..i], so "does gold overlap [s, e)?" is one binary search. */
  maxEnd: number[];
  relations: Array<[string, RelationValue]>;
  docLabels: Map<string, string[]>;
}

export function snapshotGold(doc: Y.Doc): GoldSnapshot {
  const spans = [...spansOf(doc).entries()].sort(([, a], [, b]) => a.start - b.start || a.end - b.end);
  const maxEnd: number[] = [];
  for (const [, v] of spans) maxEnd.push(Math.max(v.end, maxEnd[maxEnd.length - 1] ?? 0));
  return { spans, byId: new Map(spans), maxEnd, relations: [...relationsOf(doc).entries()], docLabels: new Map(docLabelsOf(doc).entries()) };
}

/** Index of the last gold span starting before `end` (-1 if none). */
function lastStartBefore(gold: GoldSnapshot, end: number): number {
  let lo = 0;
  let hi = gold.spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (gold.spans[mid]![1].start < end) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function goldOverlaps(gold: GoldSnapshot, start: number, end: number): boolean {
  const j = lastStartBefore(gold, end);
  return j >= 0 && gold.maxEnd[j]! > start;
}

export const sameKey = (v: { start: number; end: number; label: string }, k: SpanKey): boolean =>
  v.start === k.start && v.end === k.end && v.label === k.label;

export function goldSpansIn(gold: GoldSnapshot, start: number, end: number): Array<[string, SpanValue]> {
  return gold.spans.slice(0, lastStartBefore(gold, end) + 1).filter(([, v]) => v.end > start);
}

/** Gold relations from a span matching `from` to a span matching `to`. */
export function goldRelationsBetween(gold: GoldSnapshot, from: SpanKey, to: SpanKey): Array<[string, RelationValue]> {
  return gold.relations.filter(([, r]) => {
    const a = gold.byId.get(r.from);
    const b = gold.byId.get(r.to);
    return a !== undefined && b !== undefined && sameKey(a, from) && sameKey(b, to);
  });
}

export function hasDecision(item: Disagreement, gold: GoldSnapshot, cleared: ReadonlySet<string>): boolean {
  if (cleared.has(item.id)) return true;
  switch (item.target) {
    case 'span':
      return goldOverlaps(gold, item.start, item.end);
    case 'relation':
      return goldRelationsBetween(gold, item.from, item.to).length > 0;
    case 'docLabel':
      return gold.docLabels.has(item.name);
  }
}

/** Whether annotator `who`'s version of an item is empty (accepting it decides "nothing here"). */
export function versionIsEmpty(item: Disagreement, who: string): boolean {
  return (item.versions[who] ?? []).length === 0;
}

/** What one version says, in words, for cards and titles. */
export function describeVersion(item: Disagreement, who: string, text: string): string {
  if (item.target === 'docLabel') {
    const v = (item as DocLabelDispute).versions[who] ?? [];
    return v.length ? v.join(', ') : 'no value';
  }
  if (item.target === 'relation') {
    const v = (item as RelationDispute).versions[who] ?? [];
    return v.length ? v.map((r) => r.type).join(', ') : 'no relation';
  }
  const v = (item as SpanDispute).versions[who] ?? [];
  return v.length ? v.map((s) => `“${text.slice(s.start, s.end)}” ${s.label}`).join('; ') : 'no span';
}

export const KIND_TEXT: Record<string, string> = {
  label: 'label',
  boundary: 'boundary',
  missing: 'missing',
  type: 'relation type',
  differs: 'differs',
  unanimous: 'agreed',
};

/** Kinds drawn with the "label" colour, "boundary" colour or "missing" colour. */
export function kindClass(kind: string): 'label' | 'boundary' | 'missing' | 'agree' {
  if (kind === 'label' || kind === 'type' || kind === 'differs') return 'label';
  if (kind === 'boundary') return 'boundary';
  if (kind === 'missing') return 'missing';
  return 'agree';
}

export interface Block {
  start: number;
  /** End of the block's visible text (trailing whitespace dropped unless a span reaches into it). */
  end: number;
  /** The block ends a paragraph (a blank line follows). */
  paragraphEnd: boolean;
}

/**
 * Cuts the text into sentence blocks (Intl.Segmenter), merging neighbours wherever a span of any
 * annotator or of gold would cross a boundary, so every span sits inside one block.
 */
export function textBlocks(text: string, ranges: ReadonlyArray<{ start: number; end: number }>): Block[] {
  const covered = mergeRanges(ranges);
  const cuts: number[] = [];
  let c = 0;
  for (const end of sentenceEnds(text)) {
    while (c < covered.length && covered[c]!.end <= end) c++;
    const inside = c < covered.length && covered[c]!.start < end;
    if (!inside && end < text.length) cuts.push(end);
  }
  cuts.push(text.length);
  const out: Block[] = [];
  let start = 0;
  let r = 0;
  for (const cut of cuts) {
    let end = cut;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    while (r < covered.length && covered[r]!.end <= start) r++;
    for (let i = r; i < covered.length && covered[i]!.start < cut; i++) end = Math.max(end, Math.min(cut, covered[i]!.end));
    if (end > start) out.push({ start, end, paragraphEnd: /\n\s*\n/.test(text.slice(end, cut)) });
    start = cut;
  }
  return out;
}

let segmented: { text: string; ends: number[] } | null = null;

/** Where each sentence of `text` ends; kept for the last text, since spans change far more often than the text. */
function sentenceEnds(text: string): number[] {
  if (segmented?.text !== text) {
    const ends: number[] = [];
    for (const s of new Intl.Segmenter(undefined, { granularity: 'sentence' }).segment(text)) ends.push(s.index + s.segment.length);
    segmented = { text, ends };
  }
  return segmented.ends;
}

function mergeRanges(ranges: ReadonlyArray<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  const sorted = ranges.filter((r) => r.end > r.start).map((r) => ({ start: r.start, end: r.end })).sort((a, b) => a.start - b.start);
  const out: Array<{ start: number; end: number }> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else out.push(r);
  }
  return out;
}

/** The ranges of the text an item is about (a relation: both endpoint spans). */
export function itemRanges(item: Disagreement): Array<{ start: number; end: number }> {
  if (item.target === 'span') return [{ start: item.start, end: item.end }];
  if (item.target === 'relation') return [{ start: item.from.start, end: item.from.end }, { start: item.to.start, end: item.to.end }];
  return [];
}

/** Index of the block holding `offset` (blocks are sorted and never overlap). */
export function blockAt(blocks: readonly Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
