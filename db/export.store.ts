// Reads a project's finished annotation sets for export: documents in position order, each with
// its selected sets, paged by keyset so memory stays bounded however large the project is.
import type { DocStatus, DocumentRecord, ProjectMode } from '../shared/domain.ts';
import { asDocumentId, asProjectId, asRelationId, asSpanId } from '../shared/ids.ts';
import type { ExportSet, ExportSpan } from '../shared/formats/types.ts';
import type { Sqlite } from './sqlite.ts';

export type SetSelection = 'gold' | 'annotators' | 'all';
export interface ExportSelection {
  /** 'gold' (default): the reviewed sets; 'annotators': every other finished set ('shared' included); 'all': both. */
  sets?: SetSelection;
  /** Keep only documents whose derived status is one of these. */
  status?: readonly DocStatus[];
  /** Keep only spans with these labels, and relations whose two ends are kept. */
  labels?: readonly string[];
  /** Every version of every layer (reopened ones too) instead of the current submitted one. */
  allVersions?: boolean;
}
export interface ExportDocument {
  doc: DocumentRecord;
  /** sha256 hex recorded at import. */
  textHash: string;
  sets: ExportSet[];
  /** With `tokenizer` asked for: the stored token offsets made by it, else null (none or stale). */
  tokens?: Uint8Array | null;
}
export interface ExportCounts {
  documents: number;
  sets: number;
  spans: number;
}

/**
 * Documents per keyset page, which is also the most loaded at once (with the next page read ahead).
 * Small enough that a page's texts and spans die young: at 500, each read-ahead page outlived a
 * scavenge and went to the old generation, and a 10,000-document export peaked 70 MB higher.
 */
const PAGE = 100;
/** Bytes (UTF-8) of text loaded at once (with their sets); a longer single document still goes alone. */
const TEXT_BUDGET = 8 * 1024 * 1024;

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(',');

// The status facts, copied from document.store.ts's STATUS_SQL (owned elsewhere and not exported);
// tests/integration/export.http.test.ts checks that both agree, so a drift is caught.
const HAS_CONTENT = `(l.snapshot IS NOT NULL OR EXISTS (SELECT 1 FROM layer_updates u WHERE u.layer_id = l.id))`;
const STATUS_COLUMNS = `,
  (SELECT group_concat(s.owner) FROM annotation_sets s WHERE s.document_id = d.id AND s.reopened_at IS NULL) AS submitted,
  EXISTS (SELECT 1 FROM layers l WHERE l.document_id = d.id AND l.name = d.id || '/gold' AND ${HAS_CONTENT}) AS gold_started,
  EXISTS (SELECT 1 FROM layers l WHERE l.document_id = d.id AND l.name <> d.id || '/predictions' AND ${HAS_CONTENT}) AS started`;

/** The sets a selection takes (alias `s` = annotation_sets). */
function ownerFilter(sel: ExportSelection): string {
  const which = sel.sets ?? 'gold';
  const owner = which === 'gold' ? " AND s.owner = 'gold'" : which === 'annotators' ? " AND s.owner NOT IN ('gold', 'predictions')" : " AND s.owner <> 'predictions'";
  return `${owner}${sel.allVersions ? '' : ' AND s.reopened_at IS NULL'}`;
}

type PageRow = { id: string; position: number; bytes: number; submitted?: string | null; gold_started?: number; started?: number };
type SetRow = { id: number; document_id: string; annotator: string; version: number; submitted_by: string; submitted_at: number };

function statusOf(r: PageRow, mode: ProjectMode, overlap: number): DocStatus {
  const owners = r.submitted ? r.submitted.split(',') : [];
  const annotated = mode === 'collaborative' ? owners.includes('shared') : owners.filter((o) => o !== 'gold' && o !== 'shared').length >= overlap;
  if (owners.includes('gold')) return 'done';
  if (r.gold_started) return 'in_review';
  if (annotated) return 'annotated';
  return r.started ? 'in_progress' : 'new';
}

export class ExportStore {
  constructor(private readonly db: Sqlite) {}

  /**
   * Documents with at least one selected set, in position order, each with its sets (gold first,
   * then by annotator, version) and, when `tokenizer` is given, its token offsets stored under it.
   */
  async *documents(projectId: string, sel: ExportSelection = {}, tokenizer?: string): AsyncGenerator<ExportDocument> {
    const chunks = this.chunks(projectId, sel);
    const next = (): Promise<ExportDocument[] | undefined> =>
      chunks.next().then((c) => (c.done ? undefined : this.load(projectId, c.value.docs, c.value.sets, sel, tokenizer)));
    let pending = next();
    try {
      for (let docs = await pending; docs !== undefined; docs = await pending) {
        // Read the next chunk while this one is written: SQLite works on its own thread meanwhile.
        pending = next();
        pending.catch(() => undefined); // surfaced by the await above, or dropped when the export stops
        yield* docs;
      }
    } finally {
      await chunks.return(undefined);
    }
  }

  /** The selected documents in chunks small enough (by text size) to hold with their sets. */
  private async *chunks(projectId: string, sel: ExportSelection): AsyncGenerator<{ docs: PageRow[]; sets: Map<string, SetRow[]> }> {
    for await (const page of this.pages(projectId, sel)) {
      let docs: PageRow[] = [];
      let bytes = 0;
      for (const d of page.docs) {
        if (docs.length > 0 && bytes + d.bytes > TEXT_BUDGET) {
          yield { docs, sets: page.sets };
          docs = [];
          bytes = 0;
        }
        docs.push(d);
        bytes += d.bytes;
      }
      if (docs.length > 0) yield { docs, sets: page.sets };
    }
  }

  /** What `documents` would yield, counted without loading texts or spans (for progress totals and the preview). */
  async count(projectId: string, sel: ExportSelection = {}): Promise<ExportCounts> {
    const labels = sel.labels ?? [];
    const byLabel = labels.length > 0 ? ` AND x.label IN (${placeholders(labels.length)})` : '';
    if (sel.status === undefined || sel.status.length === 0) {
      // Without a status filter, one statement: a keyset pass over the project cost several times more.
      const r = await this.db.get<{ documents: number; sets: number; spans: number }>(
        `SELECT count(DISTINCT s.document_id) AS documents, count(*) AS sets,
           coalesce(sum((SELECT count(*) FROM set_spans x WHERE x.set_id = s.id${byLabel})), 0) AS spans
         FROM annotation_sets s JOIN documents d ON d.id = s.document_id
         WHERE d.project_id = ?${ownerFilter(sel)}`,
        [...labels, projectId],
      );
      return { documents: r?.documents ?? 0, sets: r?.sets ?? 0, spans: r?.spans ?? 0 };
    }
    const out: ExportCounts = { documents: 0, sets: 0, spans: 0 };
    for await (const page of this.pages(projectId, sel)) {
      out.documents += page.docs.length;
      const ids = [...page.sets.values()].flat().map((s) => s.id);
      out.sets += ids.length;
      if (ids.length === 0) continue;
      const r = await this.db.get<{ n: number }>(`SELECT count(*) AS n FROM set_spans x WHERE x.set_id IN (${placeholders(ids.length)})${byLabel}`, [...ids, ...labels]);
      out.spans += r?.n ?? 0;
    }
    return out;
  }

  /** Keyset pages of the selected documents (status-filtered) that have at least one selected set. */
  private async *pages(projectId: string, sel: ExportSelection): AsyncGenerator<{ docs: PageRow[]; sets: Map<string, SetRow[]> }> {
    const project = await this.db.get<{ mode: ProjectMode; overlap: number }>('SELECT mode, overlap FROM projects WHERE id = ?', [projectId]);
    if (!project) return;
    const status = sel.status !== undefined && sel.status.length > 0 ? new Set(sel.status) : undefined;
    let after: [number, string] = [Number.MIN_SAFE_INTEGER, ''];
    for (;;) {
      const rows = await this.db.all<PageRow>(
        `SELECT d.id, d.position, octet_length(d.text) AS bytes${status ? STATUS_COLUMNS : ''} FROM documents d
         WHERE d.project_id = ? AND (d.position, d.id) > (?, ?) ORDER BY d.position, d.id LIMIT ${PAGE}`,
        [projectId, after[0], after[1]],
      );
      const last = rows[rows.length - 1];
      if (last === undefined) return;
      after = [last.position, last.id];
      const kept = status ? rows.filter((r) => status.has(statusOf(r, project.mode, project.overlap))) : rows;
      const sets = await this.setsOf(kept.map((d) => d.id), sel);
      const docs = kept.filter((d) => sets.has(d.id));
      if (docs.length > 0) yield { docs, sets };
      if (rows.length < PAGE) return;
    }
  }

  private async setsOf(docIds: string[], sel: ExportSelection): Promise<Map<string, SetRow[]>> {
    const out = new Map<string, SetRow[]>();
    if (docIds.length === 0) return out;
    const rows = await this.db.all<SetRow>(
      `SELECT s.id, s.document_id, coalesce(u.username, s.owner) AS annotator, s.version, coalesce(b.username, s.submitted_by) AS submitted_by, s.submitted_at
       FROM annotation_sets s LEFT JOIN users u ON u.id = s.owner LEFT JOIN users b ON b.id = s.submitted_by
       WHERE s.document_id IN (${placeholders(docIds.length)})${ownerFilter(sel)}
       ORDER BY s.document_id, s.owner <> 'gold', annotator, s.version`,
      docIds,
    );
    for (const r of rows) {
      const list = out.get(r.document_id) ?? [];
      list.push(r);
      out.set(r.document_id, list);
    }
    return out;
  }

  /**
   * Texts and set contents of one chunk. Each set's spans, relations and labels come as one JSON
   * array per set (json_group_array): several times faster than a row per span through sqlite3.
   */
  private async load(projectId: string, chunk: PageRow[], setsByDoc: Map<string, SetRow[]>, sel: ExportSelection, tokenizer: string | undefined): Promise<ExportDocument[]> {
    const docIds = chunk.map((d) => d.id);
    const setIds = chunk.flatMap((d) => (setsByDoc.get(d.id) ?? []).map((s) => s.id));
    const texts = new Map(
      (await this.db.all<{ id: string; title: string; text: string; text_hash: string; meta_json: string; tokens?: Uint8Array | null }>(
        tokenizer === undefined
          ? `SELECT id, title, text, text_hash, meta_json FROM documents WHERE id IN (${placeholders(docIds.length)})`
          : `SELECT d.id, d.title, d.text, d.text_hash, d.meta_json, t.tokens FROM documents d
             LEFT JOIN document_tokens t ON t.document_id = d.id AND t.tokenizer = ? WHERE d.id IN (${placeholders(docIds.length)})`,
        tokenizer === undefined ? docIds : [tokenizer, ...docIds],
      )).map((r) => [r.id, r]),
    );
    const contents = new Map(
      (await this.db.all<{ id: number; spans: string; relations: string; labels: string }>(
        `SELECT s.id,
           (SELECT json_group_array(json_array(span_id, start, end, label, note, json(attrs_json), quote)) FROM set_spans x WHERE x.set_id = s.id) AS spans,
           (SELECT json_group_array(json_array(relation_id, from_span, to_span, type)) FROM set_relations r WHERE r.set_id = s.id) AS relations,
           (SELECT json_group_array(json_array(label_set, value)) FROM set_doc_labels l WHERE l.set_id = s.id) AS labels
         FROM annotation_sets s WHERE s.id IN (${placeholders(setIds.length)})`,
        setIds,
      )).map((r) => [r.id, r]),
    );
    // Every span is read, also with a label filter: a relation is dropped only when an end was
    // filtered out, so a relation to a span that does not exist still fails the export loudly.
    const keep = sel.labels !== undefined && sel.labels.length > 0 ? new Set(sel.labels) : undefined;
    const out: ExportDocument[] = [];
    for (const d of chunk) {
      const t = texts.get(d.id);
      if (t === undefined) continue; // deleted while we read: nothing to write
      const sets = (setsByDoc.get(d.id) ?? []).map((s): ExportSet => {
        const { spans, relations, docLabels } = setContent(contents.get(s.id), keep);
        return { documentId: asDocumentId(d.id), annotator: s.annotator, version: s.version, submittedBy: s.submitted_by, submittedAt: s.submitted_at, spans, relations, docLabels };
      });
      const doc: DocumentRecord = { id: asDocumentId(d.id), projectId: asProjectId(projectId), title: t.title, text: t.text, meta: JSON.parse(t.meta_json) as Record<string, unknown> };
      out.push(tokenizer === undefined ? { doc, textHash: t.text_hash, sets } : { doc, textHash: t.text_hash, sets, tokens: t.tokens ?? null });
    }
    return out;
  }

}

/** [span_id, start, end, label, note, attrs, quote?] as json_array builds it. */
type SpanTuple = [string, number, number, string, string | null, Record<string, string | number | boolean> | null, (string | null)?];

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** The order set.store's content() uses: start, end, span id. */
const bySpanOrder = (a: SpanTuple, b: SpanTuple): number => a[1] - b[1] || a[2] - b[2] || cmp(a[0], b[0]);
const byText = (a: readonly string[], b: readonly string[]): number => cmp(a[0] ?? '', b[0] ?? '') || cmp(a[1] ?? '', b[1] ?? '');

/** A set's spans (in start, end, id order; with a label filter only those kept), relations and labels. */
function setContent(c: { spans: string; relations: string; labels: string } | undefined, keep: Set<string> | undefined): Pick<ExportSet, 'spans' | 'relations' | 'docLabels'> {
  const all = c === undefined ? [] : (JSON.parse(c.spans) as SpanTuple[]);
  if (all.length > 1) all.sort(bySpanOrder);
  const spans: ExportSpan[] = [];
  let dropped: Set<string> | undefined;
  for (const x of all) {
    if (keep === undefined || keep.has(x[3])) spans.push(toSpan(x));
    else (dropped ??= new Set()).add(x[0]);
  }
  // json_group_array over no rows gives '[]': most sets have no relations or labels.
  const relations =
    c === undefined || c.relations === '[]'
      ? []
      : (JSON.parse(c.relations) as Array<[string, string, string, string]>)
          .sort(byText)
          // With a label filter, a relation goes when either end went with its label.
          .filter(([, from, to]) => dropped === undefined || (!dropped.has(from) && !dropped.has(to)))
          .map(([id, from, to, type]) => ({ id: asRelationId(id), from: asSpanId(from), to: asSpanId(to), type }));
  const docLabels: Record<string, string[]> = {};
  if (c !== undefined && c.labels !== '[]') {
    for (const [set, value] of (JSON.parse(c.labels) as Array<[string, string]>).sort(byText)) (docLabels[set] ??= []).push(value);
  }
  return { spans, relations, docLabels };
}

/** The span as writers take it (no spread: this runs for every span exported). */
function toSpan(x: SpanTuple): ExportSpan {
  const span: ExportSpan = { id: asSpanId(x[0]), start: x[1], end: x[2], label: x[3] };
  if (x[4] !== null) span.note = x[4];
  if (x[5] !== null) span.attrs = x[5];
  if (typeof x[6] === 'string') span.quote = x[6];
  return span;
}
