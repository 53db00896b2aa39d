// Plain views of a layer's doc for the side panels (lists, counts), read through the shared
// accessors; relations whose endpoints are gone are left out, as readLayer does.
import type * as Y from 'yjs';
import type { LayerInfo } from '../../shared/api.ts';
import type { DocLabels } from '../../shared/domain.ts';
import { docLabelsOf, relationsOf, spansOf } from '../../shared/layer-doc.ts';
import type { Peer } from './presence.controller.ts';
import type { ListedSpan } from './tt-span-list.ts';
import type { ListedRelation } from './tt-relation-list.ts';

export function listSpans(doc: Y.Doc, text: string, peers: Peer[]): ListedSpan[] {
  const editing = new Map<string, string[]>();
  for (const p of peers) if (p.editing) editing.set(p.editing, [...(editing.get(p.editing) ?? []), p.user.name]);
  const out: ListedSpan[] = [];
  for (const [id, v] of spansOf(doc).entries()) {
    out.push({ id, start: v.start, end: v.end, label: v.label, text: text.slice(v.start, v.end), note: v.note ?? '', editors: editing.get(id) ?? [] });
  }
  return out;
}

export function listRelations(doc: Y.Doc, text: string): ListedRelation[] {
  const spans = spansOf(doc);
  const out: ListedRelation[] = [];
  for (const [id, r] of relationsOf(doc).entries()) {
    const a = spans.get(r.from);
    const b = spans.get(r.to);
    if (!a || !b) continue;
    out.push({
      id,
      type: r.type,
      from: { id: r.from, label: a.label, text: text.slice(a.start, a.end) },
      to: { id: r.to, label: b.label, text: text.slice(b.start, b.end) },
    });
  }
  return out.sort((x, y) => (spans.get(x.from.id)?.start ?? 0) - (spans.get(y.from.id)?.start ?? 0));
}

export function labelCounts(doc: Y.Doc): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of spansOf(doc).values()) counts.set(v.label, (counts.get(v.label) ?? 0) + 1);
  return counts;
}

export function readDocLabels(doc: Y.Doc): DocLabels {
  const out: DocLabels = {};
  for (const [k, v] of docLabelsOf(doc).entries()) out[k] = [...v];
  return out;
}

export function layerTitle(l: LayerInfo, me: string, nameOf: (id: string) => string): string {
  const base =
    l.kind === 'shared' ? 'Shared layer' : l.kind === 'gold' ? 'Gold (reviewed)' : l.kind === 'predictions' ? 'Predictions' : l.userId === me ? 'My layer' : `${nameOf(l.userId ?? '')}’s layer`;
  return `${base}${l.submitted ? ' · submitted' : !l.writable ? ' · read-only' : ''}`;
}
