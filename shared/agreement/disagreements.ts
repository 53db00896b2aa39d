// Where k annotators' sets of one document disagree, as an ordered list the review UI can step through.
// Spans group into clusters of transitively overlapping spans; relations group by their endpoints' offsets and
// labels (span ids differ between annotators); document labels group by label set. Any set passed (gold too)
// counts as one annotator.
import type { FinishedRelation, FinishedSet, FinishedSpan } from '../domain.ts';

/**
 * Longest item id there can be: a relation's id spells out both endpoints' labels percent-encoded
 * (a 64-unit label may take 576 characters), a document label's the set name.
 */
export const MAX_ITEM_ID = 2048;

export const SpanDisputeKind = { unanimous: 'unanimous', label: 'label', boundary: 'boundary', missing: 'missing' } as const;
export type SpanDisputeKind = (typeof SpanDisputeKind)[keyof typeof SpanDisputeKind];
export const RelationDisputeKind = { unanimous: 'unanimous', type: 'type', missing: 'missing' } as const;
export type RelationDisputeKind = (typeof RelationDisputeKind)[keyof typeof RelationDisputeKind];
export const DocLabelDisputeKind = { unanimous: 'unanimous', differs: 'differs' } as const;
export type DocLabelDisputeKind = (typeof DocLabelDisputeKind)[keyof typeof DocLabelDisputeKind];

/**
 * A span cluster. `kinds` lists every kind that applies, most severe first, and `kind` is the first:
 * missing (some annotator has no span there: an entity lost) > label (the spans say different things;
 * with equal boundaries: some range labelled differently; otherwise: different multisets of labels) >
 * boundary (the annotators' sets of ranges differ). `unanimous` only when every annotator has exactly the
 * same spans (start, end, label) in the cluster.
 */
export interface SpanDispute {
  target: 'span';
  /** `span:<start>-<end>` of the cluster extent: clusters never overlap, so it is unique and stable. */
  id: string;
  start: number;
  end: number;
  kind: SpanDisputeKind;
  kinds: SpanDisputeKind[];
  /** Each annotator's spans in the cluster, by start, end, label; [] where they have none. */
  versions: Record<string, FinishedSpan[]>;
}

export interface SpanKey {
  start: number;
  end: number;
  label: string;
}

/** Relations between the same two spans (by offsets and label, direction kept). missing > type. */
export interface RelationDispute {
  target: 'relation';
  id: string;
  /** Extent of both endpoint spans, for ordering and jumping. */
  start: number;
  end: number;
  from: SpanKey;
  to: SpanKey;
  kind: RelationDisputeKind;
  kinds: RelationDisputeKind[];
  /** Each annotator's relations between these spans (their own ids); [] where they have none. */
  versions: Record<string, FinishedRelation[]>;
}

/** One document label set: `differs` unless every annotator chose the same values (absent = none chosen). */
export interface DocLabelDispute {
  target: 'docLabel';
  id: string;
  name: string;
  kind: DocLabelDisputeKind;
  kinds: DocLabelDisputeKind[];
  /** Each annotator's chosen values, sorted. */
  versions: Record<string, string[]>;
}

export type Disagreement = DocLabelDispute | SpanDispute | RelationDispute;

export interface DocumentDisagreements {
  annotators: string[];
  /**
   * Everything compared, unanimous included. Order: document labels by set name, then span clusters and
   * relation groups by start, then end (spans before relations at a tie, relations by id).
   */
  items: Disagreement[];
  /** `items` without the unanimous ones: what a reviewer steps through. */
  disputes: Disagreement[];
  count: number;
  byKind: {
    span: Record<SpanDisputeKind, number>;
    relation: Record<RelationDisputeKind, number>;
    docLabel: Record<DocLabelDisputeKind, number>;
  };
}

const byPosition = (a: FinishedSpan, b: FinishedSpan): number =>
  a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
const sig = (xs: readonly unknown[]): string => JSON.stringify(xs);
const allSame = (xs: readonly string[]): boolean => xs.every((x) => x === xs[0]);
const perAnnotator = <T>(annotators: readonly string[], make: (a: string, i: number) => T): Record<string, T> =>
  Object.fromEntries(annotators.map((a, i) => [a, make(a, i)]));

function spanClusters(sets: readonly FinishedSet[], annotators: string[]): SpanDispute[] {
  const all = sets.flatMap((s, who) => s.spans.filter((sp) => sp.end > sp.start).map((span) => ({ span, who })));
  all.sort((a, b) => byPosition(a.span, b.span));
  const out: SpanDispute[] = [];
  let i = 0;
  while (i < all.length) {
    const first = all[i];
    if (!first) break;
    let end = first.span.end;
    let j = i + 1;
    for (; j < all.length; j++) {
      const next = all[j];
      if (!next || next.span.start >= end) break;
      end = Math.max(end, next.span.end);
    }
    const members = all.slice(i, j);
    const own = annotators.map((_, who) => members.filter((m) => m.who === who).map((m) => m.span));
    const present = own.filter((spans) => spans.length > 0);
    const kinds: SpanDisputeKind[] = [];
    if (present.length < annotators.length) kinds.push(SpanDisputeKind.missing);
    const bounds = present.map((spans) => sig(spans.map((s) => [s.start, s.end])));
    const sameBounds = allSame(bounds);
    const labels = sameBounds
      ? present.map((spans) => sig(spans.map((s) => [s.start, s.end, s.label])))
      : present.map((spans) => sig(spans.map((s) => s.label).sort()));
    if (!allSame(labels)) kinds.push(SpanDisputeKind.label);
    if (!sameBounds) kinds.push(SpanDisputeKind.boundary);
    if (kinds.length === 0) kinds.push(SpanDisputeKind.unanimous);
    const start = first.span.start;
    out.push({
      target: 'span',
      id: `span:${start}-${end}`,
      start,
      end,
      kind: kinds[0] ?? SpanDisputeKind.unanimous,
      kinds,
      versions: perAnnotator(annotators, (_, who) => own[who] ?? []),
    });
    i = j;
  }
  return out;
}

function relationGroups(sets: readonly FinishedSet[], annotators: string[]): RelationDispute[] {
  const groups = new Map<string, { from: SpanKey; to: SpanKey; own: FinishedRelation[][] }>();
  const keyOf = (s: FinishedSpan): SpanKey => ({ start: s.start, end: s.end, label: s.label });
  sets.forEach((set, who) => {
    const spans = new Map(set.spans.map((s) => [s.id, s]));
    for (const rel of set.relations) {
      const from = spans.get(rel.from);
      const to = spans.get(rel.to);
      if (!from || !to) continue; // dangling: nothing to compare it by
      const id = `rel:${from.start}-${from.end}:${encodeURIComponent(from.label)}>${to.start}-${to.end}:${encodeURIComponent(to.label)}`;
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { from: keyOf(from), to: keyOf(to), own: annotators.map(() => []) }));
      g.own[who]?.push(rel);
    }
  });
  return [...groups.entries()].map(([id, { from, to, own }]) => {
    const present = own.filter((rels) => rels.length > 0);
    const kinds: RelationDisputeKind[] = [];
    if (present.length < annotators.length) kinds.push(RelationDisputeKind.missing);
    if (!allSame(present.map((rels) => sig(rels.map((r) => r.type).sort())))) kinds.push(RelationDisputeKind.type);
    if (kinds.length === 0) kinds.push(RelationDisputeKind.unanimous);
    return {
      target: 'relation',
      id,
      start: Math.min(from.start, to.start),
      end: Math.max(from.end, to.end),
      from,
      to,
      kind: kinds[0] ?? RelationDisputeKind.unanimous,
      kinds,
      versions: perAnnotator(annotators, (_, who) => own[who] ?? []),
    };
  });
}

function docLabelGroups(sets: readonly FinishedSet[], annotators: string[]): DocLabelDispute[] {
  const names = [...new Set(sets.flatMap((s) => Object.keys(s.docLabels)))].sort();
  return names.map((name) => {
    const versions = perAnnotator(annotators, (_, who) => [...(sets[who]?.docLabels[name] ?? [])].sort());
    const kind = allSame(Object.values(versions).map(sig)) ? DocLabelDisputeKind.unanimous : DocLabelDisputeKind.differs;
    return { target: 'docLabel', id: `doc:${name}`, name, kind, kinds: [kind], versions };
  });
}

function tally<K extends string>(kinds: Record<string, K>, items: readonly { kind: K }[]): Record<K, number> {
  const counts = Object.fromEntries(Object.values(kinds).map((k) => [k, 0])) as Record<K, number>;
  for (const it of items) counts[it.kind]++;
  return counts;
}

/** Classifies every span cluster, relation and document label set of one document across `sets`. */
export function findDisagreements(sets: readonly FinishedSet[]): DocumentDisagreements {
  const annotators = sets.map((s) => s.annotator);
  if (new Set(annotators).size !== annotators.length) throw new RangeError('one set per annotator');
  const spans = spanClusters(sets, annotators);
  const relations = relationGroups(sets, annotators);
  const labels = docLabelGroups(sets, annotators);
  const positioned = [...spans, ...relations].sort(
    (a, b) =>
      a.start - b.start ||
      a.end - b.end ||
      (a.target === b.target ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.target === 'span' ? -1 : 1),
  );
  const items: Disagreement[] = [...labels, ...positioned];
  const disputes = items.filter((it) => it.kind !== 'unanimous');
  return {
    annotators,
    items,
    disputes,
    count: disputes.length,
    byKind: {
      span: tally(SpanDisputeKind, spans),
      relation: tally(RelationDisputeKind, relations),
      docLabel: tally(DocLabelDisputeKind, labels),
    },
  };
}
