// Finished annotation sets: a submitted layer frozen into relational rows (spans, relations,
// document labels) with its submitter, time and version. Export and agreement read these.
import type { FinishedSet, LayerContent } from '../shared/domain.ts';
import type { DocumentId, RelationId, SpanId } from '../shared/ids.ts';
import type { Sqlite, Tx } from './sqlite.ts';

export interface SetRow {
  id: number;
  documentId: string;
  layer: string;
  owner: string;
  version: number;
  submittedBy: string;
  submittedAt: number;
  reopenedAt: number | null;
  spans: number;
}

type RawSet = {
  id: number;
  document_id: string;
  layer: string;
  owner: string;
  version: number;
  submitted_by: string;
  submitted_at: number;
  reopened_at: number | null;
  spans: number;
};
const toSet = (r: RawSet): SetRow => ({
  id: r.id,
  documentId: r.document_id,
  layer: r.layer,
  owner: r.owner,
  version: r.version,
  submittedBy: r.submitted_by,
  submittedAt: r.submitted_at,
  reopenedAt: r.reopened_at,
  spans: r.spans,
});
const SET_SQL = 'SELECT s.*, (SELECT count(*) FROM set_spans x WHERE x.set_id = s.id) AS spans FROM annotation_sets s';

export class SetStore {
  constructor(private readonly db: Sqlite) {}

  /** Latest version of a layer's set, submitted or reopened. */
  async latest(layer: string): Promise<SetRow | undefined> {
    const r = await this.db.get<RawSet>(`${SET_SQL} WHERE s.layer = ? ORDER BY s.version DESC LIMIT 1`, [layer]);
    return r && toSet(r);
  }

  async forDocument(documentId: string): Promise<SetRow[]> {
    return (await this.db.all<RawSet>(`${SET_SQL} WHERE s.document_id = ? ORDER BY s.layer, s.version`, [documentId])).map(toSet);
  }

  /** Freezes a layer's content as the next version, all rows in one transaction. */
  submit(
    documentId: string,
    layer: string,
    owner: string,
    by: string,
    content: LayerContent,
  ): Promise<SetRow> {
    return this.db.transaction(async (tx) => {
      const prev = await tx.get<{ version: number; reopened_at: number | null }>(
        'SELECT version, reopened_at FROM annotation_sets WHERE layer = ? ORDER BY version DESC LIMIT 1',
        [layer],
      );
      if (prev && prev.reopened_at === null) throw new SetConflict('this layer is already submitted; reopen it first');
      const version = (prev?.version ?? 0) + 1;
      const now = Date.now();
      const { lastID: setId } = await tx.run(
        'INSERT INTO annotation_sets (document_id, layer, owner, version, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?)',
        [documentId, layer, owner, version, by, now],
      );
      const doc = await tx.get<{ text: string }>('SELECT text FROM documents WHERE id = ?', [documentId]);
      await insertContent(tx, setId, content, doc?.text ?? '');
      return { id: setId, documentId, layer, owner, version, submittedBy: by, submittedAt: now, reopenedAt: null, spans: content.spans.size };
    });
  }

  reopen(layer: string, by: string): Promise<SetRow> {
    return this.db.transaction(async (tx) => {
      const cur = await tx.get<RawSet>(`${SET_SQL} WHERE s.layer = ? ORDER BY s.version DESC LIMIT 1`, [layer]);
      if (!cur || cur.reopened_at !== null) throw new SetConflict('this layer is not submitted');
      const now = Date.now();
      await tx.run('UPDATE annotation_sets SET reopened_at = ?, reopened_by = ? WHERE id = ?', [now, by, cur.id]);
      return toSet({ ...cur, reopened_at: now });
    });
  }

  /** The content of one set as export and agreement read it. */
  async content(setId: number): Promise<FinishedSet | undefined> {
    const s = await this.db.get<RawSet & { owner_name: string | null }>(
      `SELECT s.*, 0 AS spans, u.username AS owner_name FROM annotation_sets s LEFT JOIN users u ON u.id = s.owner WHERE s.id = ?`,
      [setId],
    );
    if (!s) return undefined;
    const spans = await this.db.all<{ span_id: string; start: number; end: number; label: string; note: string | null; attrs_json: string | null }>(
      'SELECT span_id, start, end, label, note, attrs_json FROM set_spans WHERE set_id = ? ORDER BY start, end, span_id',
      [setId],
    );
    const rels = await this.db.all<{ relation_id: string; from_span: string; to_span: string; type: string }>(
      'SELECT relation_id, from_span, to_span, type FROM set_relations WHERE set_id = ? ORDER BY relation_id',
      [setId],
    );
    const labels = await this.db.all<{ label_set: string; value: string }>('SELECT label_set, value FROM set_doc_labels WHERE set_id = ? ORDER BY label_set, value', [setId]);
    const docLabels: Record<string, string[]> = {};
    for (const l of labels) (docLabels[l.label_set] ??= []).push(l.value);
    return {
      documentId: s.document_id as DocumentId,
      annotator: s.owner_name ?? s.owner,
      version: s.version,
      submittedBy: s.submitted_by,
      submittedAt: s.submitted_at,
      spans: spans.map((x) => ({
        id: x.span_id as SpanId,
        start: x.start,
        end: x.end,
        label: x.label,
        ...(x.note !== null ? { note: x.note } : {}),
        ...(x.attrs_json !== null ? { attrs: JSON.parse(x.attrs_json) as Record<string, string | number | boolean> } : {}),
      })),
      relations: rels.map((r) => ({ id: r.relation_id as RelationId, from: r.from_span as SpanId, to: r.to_span as SpanId, type: r.type })),
      docLabels,
    };
  }
}

export class SetConflict extends Error {}

/**
 * Writes a set's spans, relations and document labels (inside the caller's transaction). Each span
 * keeps its quote beside its offsets, so an offset that ever drifts is caught by the export check.
 */
export async function insertContent(tx: Tx, setId: number, content: LayerContent, text: string): Promise<void> {
  for (const [id, s] of content.spans) {
    await tx.run('INSERT INTO set_spans (set_id, span_id, start, end, label, note, attrs_json, author, quote) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      setId,
      id,
      s.start,
      s.end,
      s.label,
      s.note ?? null,
      s.attrs ? JSON.stringify(s.attrs) : null,
      s.author,
      text.slice(s.start, s.end),
    ]);
  }
  for (const [id, r] of content.relations) {
    await tx.run('INSERT INTO set_relations (set_id, relation_id, from_span, to_span, type, author) VALUES (?, ?, ?, ?, ?, ?)', [setId, id, r.from, r.to, r.type, r.author]);
  }
  for (const [name, values] of Object.entries(content.docLabels)) {
    for (const v of values) await tx.run('INSERT INTO set_doc_labels (set_id, label_set, value) VALUES (?, ?, ?)', [setId, name, v]);
  }
}
