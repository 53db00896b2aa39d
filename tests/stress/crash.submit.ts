// The submit half of the crash campaign: a layer filled once (no writers afterwards), submitted
// while the server is killed inside the submit; the set must then be absent or complete.
import path from 'node:path';
import { openStore } from '../../db/store.ts';
import { putSpan } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import type { LayerContent } from '../../shared/domain.ts';
import { openLayer } from '../helpers/clients.ts';
import type { Session } from '../helpers/api.ts';

/** Writes `n` spans into a layer as `who` and waits until they are durable. Returns n. */
export async function fillLayer(url: string, layer: string, who: Session, n: number): Promise<number> {
  const c = openLayer(url, layer, { headers: { cookie: who.cookie } });
  try {
    await c.provider.whenSaved();
    c.doc.transact(() => {
      for (let i = 0; i < n; i++) putSpan(c.doc, asSpanId(`f${i}`), { start: i, end: i + 5, label: 'ORG', author: asUserId(who.userId), at: i });
    });
    await c.provider.whenSaved();
    return n;
  } finally {
    c.close();
  }
}

/**
 * Every stored set of `layer` must hold exactly the layer's spans (the layer does not change), so
 * none is partial. Returns whether the latest submit is present (`complete`) or not (`absent`).
 */
export async function checkSubmitAtomic(dataDir: string, layer: string, content: LayerContent | undefined, fail: (m: string) => never): Promise<'absent' | 'complete'> {
  const store = await openStore(path.join(dataDir, 'tagteam.sqlite'), { synchronous: 'NORMAL' });
  try {
    const sets = await store.db.all<{ id: number; version: number; reopened_at: number | null }>(
      'SELECT id, version, reopened_at FROM annotation_sets WHERE layer = ? ORDER BY version',
      [layer],
    );
    const want = [...(content?.spans.keys() ?? [])].sort();
    for (const s of sets) {
      const rows = await store.db.all<{ span_id: string; start: number; end: number; label: string }>('SELECT span_id, start, end, label FROM set_spans WHERE set_id = ? ORDER BY span_id', [s.id]);
      const got = rows.map((x) => x.span_id);
      if (JSON.stringify(got) !== JSON.stringify(want)) fail(`set version ${s.version} of ${layer} holds ${got.length} of the layer's ${want.length} spans`);
      for (const x of rows) {
        const v = content!.spans.get(asSpanId(x.span_id))!;
        if (v.start !== x.start || v.end !== x.end || v.label !== x.label) fail(`set version ${s.version}: span ${x.span_id} differs from the layer`);
      }
    }
    return sets.some((s) => s.reopened_at === null) ? 'complete' : 'absent';
  } finally {
    await store.close();
  }
}
