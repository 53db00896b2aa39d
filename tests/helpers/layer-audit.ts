// Reads every stored layer straight from the SQLite file (read-only queries, the same rows
// LayerStore.load returns) and proves it is sound: each snapshot and update applies cleanly to a
// fresh Y.Doc with nothing left pending, only the three layer maps hold plain values, and every
// value passes shared/validation.ts against its document's text and project schema.
import * as Y from 'yjs';
import path from 'node:path';
import { openStore, type Store } from '../../db/store.ts';
import { readLayer } from '../../shared/layer-doc.ts';
import { inspectUpdate } from '../../shared/update-inspect.ts';
import { checkDocLabel, checkRelation, checkSpan, type LayerContext } from '../../shared/validation.ts';
import type { LayerContent } from '../../shared/domain.ts';

export interface AuditedLayer {
  name: string;
  content: LayerContent;
}
export interface Audit {
  layers: number;
  rows: number;
  bytes: number;
  spans: number;
  /** One line per problem found; empty when every layer is sound. */
  problems: string[];
  byName: Map<string, AuditedLayer>;
}

export async function auditDataDir(dataDir: string): Promise<Audit> {
  const store = await openStore(path.join(dataDir, 'tagteam.sqlite'), { synchronous: 'NORMAL' });
  try {
    return await auditStore(store);
  } finally {
    await store.close();
  }
}

export async function auditStore(store: Store): Promise<Audit> {
  const out: Audit = { layers: 0, rows: 0, bytes: 0, spans: 0, problems: [], byName: new Map() };
  const layers = await store.db.all<{ id: number; name: string; snapshot: Buffer | null; snapshot_seq: number; document_id: string | null }>(
    'SELECT id, name, snapshot, snapshot_seq, document_id FROM layers ORDER BY id',
  );
  for (const l of layers) {
    out.layers++;
    const rows = await store.db.all<{ data: Buffer }>('SELECT data FROM layer_updates WHERE layer_id = ? AND seq > ? ORDER BY seq', [l.id, l.snapshot_seq]);
    const updates = rows.map((r) => new Uint8Array(r.data));
    if (l.snapshot) updates.unshift(new Uint8Array(l.snapshot));
    const doc = new Y.Doc();
    const problem = (m: string) => out.problems.push(`${l.name}: ${m}`);
    let ok = true;
    for (const [i, u] of updates.entries()) {
      out.rows++;
      out.bytes += u.byteLength;
      try {
        Y.applyUpdate(doc, u);
      } catch (e) {
        problem(`stored update ${i} does not apply (${(e as Error).message})`);
        ok = false;
      }
    }
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
      problem('stored updates leave changes pending (a dependency is missing)');
      ok = false;
    }
    if (!ok) continue;
    const shape = inspectUpdate(new Y.Doc(), Y.encodeStateAsUpdate(doc));
    if (!shape.ok) {
      problem(`layer shape: ${shape.message}`);
      continue;
    }
    const content = readLayer(doc);
    out.spans += content.spans.size;
    out.byName.set(l.name, { name: l.name, content });
    const ctx = await contextOf(store, l.document_id);
    for (const [id, s] of content.spans) {
      const err = checkSpan(s, ctx);
      if (err) problem(`spans.${id}: ${err}`);
    }
    for (const [id, r] of content.relations) {
      const err = checkRelation(r, ctx, (sid) => content.spans.has(sid as never));
      if (err) problem(`relations.${id}: ${err}`);
    }
    for (const [k, v] of Object.entries(content.docLabels)) {
      const err = checkDocLabel(k, v, ctx);
      if (err) problem(`docLabels.${k}: ${err}`);
    }
  }
  return out;
}

/** The document's text and project schema; layers of unknown documents are checked for shape. */
async function contextOf(store: Store, documentId: string | null): Promise<LayerContext> {
  const doc = documentId ? await store.documents.get(documentId) : undefined;
  const project = doc ? await store.projects.get(doc.projectId) : undefined;
  return { text: doc?.text ?? null, schema: project?.schema ?? null };
}
