// Every local write to a layer goes through here: values are validated with the same checks the
// hub runs (so a valid client never sees a refusal), written with the layer-doc accessors inside
// one transaction tagged with the local origin, and returned as before/after ops for undo.
import type * as Y from 'yjs';
import type { RelationValue, SpanValue, TagSchema } from '../../shared/domain.ts';
import { asRelationId, asSpanId, asUserId } from '../../shared/ids.ts';
import {
  docLabelsOf,
  newId,
  putRelation,
  putSpan,
  relationsOf,
  removeRelation,
  removeSpan,
  setDocLabel,
  spansOf,
  type RootMap,
} from '../../shared/layer-doc.ts';
import { checkDocLabel, checkRelation, checkSpan, type LayerContext } from '../../shared/validation.ts';

export type Value = SpanValue | RelationValue | string[] | undefined;
/** One entry of one root map changed from `before` to `after` (undefined = absent). */
export interface Op {
  map: RootMap;
  key: string;
  before: Value;
  after: Value;
}
export type EditResult = { ops: Op[]; id?: string } | { error: string };

export class LayerEditor {
  constructor(
    private readonly doc: () => Y.Doc,
    private readonly ctx: () => { text: string; schema: TagSchema; userId: string },
    private readonly origin: object,
  ) {}

  private get context(): LayerContext {
    const c = this.ctx();
    return { text: c.text, schema: c.schema, writer: c.userId };
  }

  read(map: RootMap, key: string): Value {
    const doc = this.doc();
    if (map === 'spans') return spansOf(doc).get(key);
    if (map === 'relations') return relationsOf(doc).get(key);
    return docLabelsOf(doc).get(key);
  }

  createSpan(start: number, end: number, label: string): EditResult {
    const id = newId('s');
    const value: SpanValue = { start, end, label, author: asUserId(this.ctx().userId), at: Date.now() };
    const r = this.write([{ map: 'spans', key: id, before: undefined, after: value }]);
    return 'error' in r ? r : { ...r, id };
  }

  updateSpan(id: string, patch: { label?: string; note?: string }): EditResult {
    const cur = spansOf(this.doc()).get(id);
    if (!cur) return { error: 'that span is gone (someone may have deleted it)' };
    const next: SpanValue = { ...cur, ...patch };
    if (patch.note !== undefined && patch.note.trim() === '') delete next.note;
    return this.write([{ map: 'spans', key: id, before: cur, after: next }]);
  }

  /** Deletes a span and the relations that point at it. */
  deleteSpan(id: string): EditResult {
    const cur = spansOf(this.doc()).get(id);
    if (!cur) return { error: 'that span is already gone' };
    const ops: Op[] = [{ map: 'spans', key: id, before: cur, after: undefined }];
    for (const [rid, r] of relationsOf(this.doc()).entries()) {
      if (r.from === id || r.to === id) ops.push({ map: 'relations', key: rid, before: r, after: undefined });
    }
    return this.write(ops);
  }

  addRelation(from: string, to: string, type: string): EditResult {
    const id = newId('r');
    const value: RelationValue = { from: asSpanId(from), to: asSpanId(to), type, author: asUserId(this.ctx().userId), at: Date.now() };
    const r = this.write([{ map: 'relations', key: id, before: undefined, after: value }]);
    return 'error' in r ? r : { ...r, id };
  }

  deleteRelation(id: string): EditResult {
    const cur = relationsOf(this.doc()).get(id);
    if (!cur) return { error: 'that relation is already gone' };
    return this.write([{ map: 'relations', key: id, before: cur, after: undefined }]);
  }

  setDocLabel(set: string, values: string[]): EditResult {
    const cur = docLabelsOf(this.doc()).get(set);
    return this.write([{ map: 'docLabels', key: set, before: cur, after: values.length ? [...values] : undefined }]);
  }

  /**
   * Writes the `after` of each op in one transaction, after validating all of them. Values are
   * re-stamped with the writer and the time: the hub only accepts values naming their writer,
   * and last writer wins per annotation.
   */
  write(ops: Op[]): EditResult {
    const { userId } = this.ctx();
    const stamped = ops.map((op) => ({ ...op, after: stamp(op.map, op.after, userId) }));
    const ctx = this.context;
    const doc = this.doc();
    const spans = spansOf(doc);
    const gone = new Set(stamped.filter((o) => o.map === 'spans' && o.after === undefined).map((o) => o.key));
    const added = new Set(stamped.filter((o) => o.map === 'spans' && o.after !== undefined).map((o) => o.key));
    const spanExists = (id: string) => added.has(id) || (spans.has(id) && !gone.has(id));
    for (const op of stamped) {
      if (op.after === undefined) continue;
      const err =
        op.map === 'spans' ? checkSpan(op.after, ctx) : op.map === 'relations' ? checkRelation(op.after, ctx, spanExists) : checkDocLabel(op.key, op.after, ctx);
      if (err) return { error: err };
    }
    doc.transact(() => {
      for (const op of stamped) {
        if (op.map === 'spans') {
          if (op.after === undefined) removeSpan(doc, asSpanId(op.key));
          else putSpan(doc, asSpanId(op.key), op.after as SpanValue);
        } else if (op.map === 'relations') {
          if (op.after === undefined) removeRelation(doc, asRelationId(op.key));
          else putRelation(doc, asRelationId(op.key), op.after as RelationValue);
        } else setDocLabel(doc, op.key, (op.after as string[] | undefined) ?? []);
      }
    }, this.origin);
    return { ops: stamped };
  }
}

function stamp(map: RootMap, v: Value, userId: string): Value {
  if (v === undefined || map === 'docLabels' || Array.isArray(v)) return v;
  return { ...v, author: asUserId(userId), at: Date.now() } as SpanValue | RelationValue;
}
