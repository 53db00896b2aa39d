// The Y.Doc shape of a layer, defined once: three root maps whose values are plain objects,
// replaced whole on every edit (last writer wins per annotation, never a half-merged span).
// Server and client read and write layers only through these accessors.
import * as Y from 'yjs';
import type { DocLabels, LayerContent, RelationValue, SpanValue } from './domain.ts';
import type { RelationId, SpanId } from './ids.ts';

export const RootMap = { spans: 'spans', relations: 'relations', docLabels: 'docLabels' } as const;
export type RootMap = (typeof RootMap)[keyof typeof RootMap];
export const ROOT_MAPS: readonly RootMap[] = [RootMap.spans, RootMap.relations, RootMap.docLabels];

export const spansOf = (doc: Y.Doc): Y.Map<SpanValue> => doc.getMap<SpanValue>(RootMap.spans);
export const relationsOf = (doc: Y.Doc): Y.Map<RelationValue> => doc.getMap<RelationValue>(RootMap.relations);
export const docLabelsOf = (doc: Y.Doc): Y.Map<string[]> => doc.getMap<string[]>(RootMap.docLabels);

/** A fresh, collision-resistant id for a span or relation (random, URL-safe). */
export function newId(prefix: 's' | 'r'): string {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += (b % 36).toString(36);
  return `${prefix}${s}`;
}

export function getSpan(doc: Y.Doc, id: SpanId): SpanValue | undefined {
  return spansOf(doc).get(id);
}

export function putSpan(doc: Y.Doc, id: SpanId, value: SpanValue): void {
  spansOf(doc).set(id, { ...value });
}

/** Deletes a span and, in the same transaction, every relation that points at it. */
export function removeSpan(doc: Y.Doc, id: SpanId): void {
  doc.transact(() => {
    spansOf(doc).delete(id);
    const rels = relationsOf(doc);
    for (const [rid, r] of rels.entries()) {
      if (r.from === id || r.to === id) rels.delete(rid);
    }
  });
}

export function putRelation(doc: Y.Doc, id: RelationId, value: RelationValue): void {
  relationsOf(doc).set(id, { ...value });
}

export function removeRelation(doc: Y.Doc, id: RelationId): void {
  relationsOf(doc).delete(id);
}

export function setDocLabel(doc: Y.Doc, setName: string, values: string[]): void {
  if (values.length === 0) docLabelsOf(doc).delete(setName);
  else docLabelsOf(doc).set(setName, [...values]);
}

/**
 * The layer as plain data. Relations whose endpoints are gone (possible after two concurrent
 * edits: one deletes a span while another links it) are left out, so readers never see them.
 */
export function readLayer(doc: Y.Doc): LayerContent {
  const spans = new Map<SpanId, SpanValue>();
  for (const [id, v] of spansOf(doc).entries()) spans.set(id as SpanId, v);
  const relations = new Map<RelationId, RelationValue>();
  for (const [id, r] of relationsOf(doc).entries()) {
    if (spans.has(r.from) && spans.has(r.to)) relations.set(id as RelationId, r);
  }
  const docLabels: DocLabels = {};
  for (const [k, v] of docLabelsOf(doc).entries()) docLabels[k] = [...v];
  return { spans, relations, docLabels };
}
