// Turns "accept annotator k's version of this item" into value-level ops on the gold layer, for
// LayerEditor.write (validated, re-stamped with the reviewer as author, one transaction, undoable).
// Gold's items in the item's range are replaced by copies of the version with new ids; a gold span
// that already equals a span of the version is kept as it is, so relations hanging off it survive.
import type { Disagreement, SpanKey } from '../../shared/agreement/disagreements.ts';
import type { FinishedSpan, RelationValue, SpanValue } from '../../shared/domain.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { newId } from '../../shared/layer-doc.ts';
import type { Op } from '../annotate/edits.ts';
import { goldRelationsBetween, goldSpansIn, sameKey, type GoldSnapshot } from './adjudication.ts';

export function acceptOps(item: Disagreement, who: string, gold: GoldSnapshot, author: string): Op[] {
  switch (item.target) {
    case 'span':
      return spanOps(item.start, item.end, item.versions[who] ?? [], gold, author);
    case 'relation':
      return relationOps(item.from, item.to, (item.versions[who] ?? []).map((r) => r.type), gold, author);
    case 'docLabel': {
      const values = item.versions[who] ?? [];
      const before = gold.docLabels.get(item.name);
      return [{ map: 'docLabels', key: item.name, before, after: values.length ? [...values] : undefined }];
    }
  }
}

function spanValue(s: Pick<FinishedSpan, 'start' | 'end' | 'label' | 'note' | 'attrs'>, author: string): SpanValue {
  return {
    start: s.start,
    end: s.end,
    label: s.label,
    author: asUserId(author),
    at: Date.now(),
    ...(s.note ? { note: s.note } : {}),
    ...(s.attrs ? { attrs: { ...s.attrs } } : {}),
  };
}

function spanOps(start: number, end: number, version: readonly FinishedSpan[], gold: GoldSnapshot, author: string): Op[] {
  const want = [...version];
  const inRange = goldSpansIn(gold, start, end);
  const drop: Array<[string, SpanValue]> = [];
  for (const [id, v] of inRange) {
    const i = want.findIndex((w) => sameKey(v, w));
    if (i >= 0) want.splice(i, 1);
    else drop.push([id, v]);
  }
  const ops: Op[] = [];
  const dropped = new Set(drop.map(([id]) => id));
  for (const [id, v] of drop) ops.push({ map: 'spans', key: id, before: v, after: undefined });
  // A dropped span takes its relations with it (a relation may not point at a missing span).
  for (const [rid, r] of gold.relations) {
    if (dropped.has(r.from) || dropped.has(r.to)) ops.push({ map: 'relations', key: rid, before: r, after: undefined });
  }
  for (const w of want) ops.push({ map: 'spans', key: newId('s'), before: undefined, after: spanValue(w, author) });
  return ops;
}

/** Makes gold hold exactly relations of `types` from the span `from` to the span `to` (creating those spans if needed). */
function relationOps(from: SpanKey, to: SpanKey, types: readonly string[], gold: GoldSnapshot, author: string): Op[] {
  const ops: Op[] = [];
  const existing = goldRelationsBetween(gold, from, to);
  const keep = new Set<string>();
  for (const [rid, r] of existing) {
    if (types.includes(r.type) && !keep.has(r.type)) keep.add(r.type);
    else ops.push({ map: 'relations', key: rid, before: r, after: undefined });
  }
  const missing = types.filter((t) => !keep.has(t));
  if (missing.length === 0) return ops;
  const endpoint = (k: SpanKey): string => {
    const found = gold.spans.find(([, v]) => sameKey(v, k));
    if (found) return found[0];
    const id = newId('s');
    ops.push({ map: 'spans', key: id, before: undefined, after: spanValue(k, author) });
    return id;
  };
  const a = endpoint(from);
  const b = endpoint(to);
  for (const type of missing) {
    const value: RelationValue = { from: asSpanId(a), to: asSpanId(b), type, author: asUserId(author), at: Date.now() };
    ops.push({ map: 'relations', key: newId('r'), before: undefined, after: value });
  }
  return ops;
}
