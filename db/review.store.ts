// Bulk reads of the current finished sets (the latest version of each layer that is submitted and
// not reopened), for review and agreement: a handful of queries per project, not one per set.
import type { FinishedSet } from '../shared/domain.ts';
import type { DocumentId, RelationId, SpanId } from '../shared/ids.ts';
import type { Sqlite } from './sqlite.ts';

export interface CurrentSet extends FinishedSet {
  setId: number;
  layer: string;
  /** A user id, 'shared' or 'gold'. */
  owner: string;
}

export interface DocumentSets {
  id: string;
  title: string;
  text: string;
  sets: CurrentSet[];
}

const CURRENT = `SELECT s.id FROM annotation_sets s JOIN documents d ON d.id = s.document_id
                 WHERE s.reopened_at IS NULL AND (d.project_id = ?1 OR ?1 IS NULL) AND (d.id = ?2 OR ?2 IS NULL)`;

export class ReviewStore {
  constructor(private readonly db: Sqlite) {}

  /** Documents of a project (or one document) with their current finished sets, in position order. */
  async currentSets(scope: { projectId: string } | { documentId: string }): Promise<DocumentSets[]> {
    const p = 'projectId' in scope ? [scope.projectId, null] : [null, scope.documentId];
    const docs = await this.db.all<{ id: string; title: string; text: string }>(
      `SELECT id, title, text FROM documents WHERE (project_id = ?1 OR ?1 IS NULL) AND (id = ?2 OR ?2 IS NULL) ORDER BY position`,
      p,
    );
    const sets = await this.db.all<{ id: number; document_id: string; layer: string; owner: string; version: number; submitted_by: string; submitted_at: number; username: string | null }>(
      `SELECT s.id, s.document_id, s.layer, s.owner, s.version, s.submitted_by, s.submitted_at, u.username
       FROM annotation_sets s LEFT JOIN users u ON u.id = s.owner WHERE s.id IN (${CURRENT}) ORDER BY s.id`,
      p,
    );
    const byId = new Map<number, CurrentSet>();
    for (const s of sets) {
      byId.set(s.id, {
        setId: s.id,
        layer: s.layer,
        owner: s.owner,
        documentId: s.document_id as DocumentId,
        annotator: s.username ?? s.owner,
        version: s.version,
        submittedBy: s.submitted_by,
        submittedAt: s.submitted_at,
        spans: [],
        relations: [],
        docLabels: {},
      });
    }
    const spans = await this.db.all<{ set_id: number; span_id: string; start: number; end: number; label: string; note: string | null; attrs_json: string | null }>(
      `SELECT set_id, span_id, start, end, label, note, attrs_json FROM set_spans WHERE set_id IN (${CURRENT}) ORDER BY set_id, start, end, span_id`,
      p,
    );
    for (const x of spans) {
      byId.get(x.set_id)?.spans.push({
        id: x.span_id as SpanId,
        start: x.start,
        end: x.end,
        label: x.label,
        ...(x.note !== null ? { note: x.note } : {}),
        ...(x.attrs_json !== null ? { attrs: JSON.parse(x.attrs_json) as Record<string, string | number | boolean> } : {}),
      });
    }
    const rels = await this.db.all<{ set_id: number; relation_id: string; from_span: string; to_span: string; type: string }>(
      `SELECT set_id, relation_id, from_span, to_span, type FROM set_relations WHERE set_id IN (${CURRENT}) ORDER BY set_id, relation_id`,
      p,
    );
    for (const r of rels) byId.get(r.set_id)?.relations.push({ id: r.relation_id as RelationId, from: r.from_span as SpanId, to: r.to_span as SpanId, type: r.type });
    const labels = await this.db.all<{ set_id: number; label_set: string; value: string }>(
      `SELECT set_id, label_set, value FROM set_doc_labels WHERE set_id IN (${CURRENT}) ORDER BY set_id, label_set, value`,
      p,
    );
    for (const l of labels) {
      const s = byId.get(l.set_id);
      if (s) (s.docLabels[l.label_set] ??= []).push(l.value);
    }
    const byDoc = new Map<string, CurrentSet[]>();
    for (const s of byId.values()) {
      const list = byDoc.get(s.documentId) ?? [];
      list.push(s);
      byDoc.set(s.documentId, list);
    }
    return docs.map((d) => ({ ...d, sets: byDoc.get(d.id) ?? [] }));
  }

  /** A document's "nothing here" decisions (see migrations/005_review_cleared.sql): item id → versions digest. */
  async cleared(documentId: string): Promise<Map<string, string>> {
    const rows = await this.db.all<{ item_id: string; item_sig: string }>('SELECT item_id, item_sig FROM review_cleared WHERE document_id = ?', [documentId]);
    return new Map(rows.map((r) => [r.item_id, r.item_sig]));
  }

  /** Records (or renews) a "nothing here" decision for one disagreement item. */
  async setCleared(documentId: string, itemId: string, itemSig: string, userId: string): Promise<void> {
    await this.db.write(
      `INSERT INTO review_cleared (document_id, item_id, item_sig, decided_by, decided_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (document_id, item_id) DO UPDATE SET item_sig = excluded.item_sig, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
      [documentId, itemId, itemSig, userId, Date.now()],
    );
  }

  /** Withdraws a "nothing here" decision (a version with something in it was accepted instead). */
  async unsetCleared(documentId: string, itemId: string): Promise<void> {
    await this.db.write('DELETE FROM review_cleared WHERE document_id = ? AND item_id = ?', [documentId, itemId]);
  }

  /** A cheap fingerprint of a project's current sets: changes whenever a set is submitted or reopened. */
  async fingerprint(projectId: string): Promise<string> {
    const r = await this.db.get<{ n: number; m: number | null; r: number | null }>(
      `SELECT count(*) AS n, max(s.id) AS m, max(s.reopened_at) AS r FROM annotation_sets s JOIN documents d ON d.id = s.document_id WHERE d.project_id = ?`,
      [projectId],
    );
    return `${r?.n ?? 0}:${r?.m ?? 0}:${r?.r ?? 0}`;
  }
}
