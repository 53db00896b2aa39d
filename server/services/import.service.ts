// Document import: parse with a format reader, check every annotation against the project's
// schema and the text, then write documents, pre-annotations or finished sets and assignments in
// ONE transaction, so a bad line rejects the whole batch and nothing is half-imported.
import * as Y from 'yjs';
import type { Store } from '../../db/store.ts';
import { appendInTx } from '../../db/layer.store.ts';
import { insertContent } from '../../db/set.store.ts';
import { formatById, FormatError, sha256Hex, type ImportedDocument } from '../../shared/formats/index.ts';
import { encodeTokenOffsets, tokenOffsets } from '../../shared/formats/tokens.ts';
import { tokenizerId } from '../../shared/tokenize.ts';
import { Limits, type LayerContent, type SpanValue, type TagSchema } from '../../shared/domain.ts';
import { asRelationId, asSpanId, asUserId, type RelationId, type SpanId } from '../../shared/ids.ts';
import { layerName } from '../../shared/layer-name.ts';
import { newId, putRelation, putSpan, setDocLabel } from '../../shared/layer-doc.ts';
import { checkDocLabel, checkRelation, checkSpan } from '../../shared/validation.ts';
import type { ImportSummary } from '../../shared/api.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { badRequest } from '../http/errors.ts';

export interface ImportOptions {
  format: string;
  title?: string | undefined;
  /** Imported annotations become pre-annotations, or a finished set of `annotator` (a username or 'gold'). */
  as: 'predictions' | 'finished';
  annotator?: string | undefined;
  file?: string | undefined;
}

const LINE_FORMATS = new Set(['tagteam-jsonl', 'doccano-jsonl', 'doccano-jsonl-relations', 'spacy-jsonl', 'hf-token-classification']);

export async function importDocuments(
  store: Store,
  projectId: string,
  user: SessionUser,
  input: Uint8Array,
  opts: ImportOptions,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ImportSummary> {
  const format = formatById(opts.format);
  if (!format?.read) throw badRequest(`"${opts.format}" is not an import format`);
  const project = await store.projects.get(projectId);
  if (!project) throw badRequest('no such project');
  const input2 = format.id === 'brat' ? input : decodeText(input);
  let docs: ImportedDocument[];
  let warnings: string[];
  try {
    const result = format.read(input2, opts.file !== undefined ? { file: opts.file } : {});
    docs = result.documents;
    warnings = result.warnings.map((w) => `${w.file ? `${w.file}: ` : ''}line ${w.line}: ${w.message}`);
  } catch (e) {
    if (e instanceof FormatError) throw badRequest(e.message);
    throw e;
  }
  if (docs.length === 0) throw badRequest('the file holds no documents');
  if (format.id === 'text' && opts.title && docs.length === 1) docs[0] = { ...docs[0]!, title: opts.title };
  const lines = typeof input2 === 'string' && LINE_FORMATS.has(format.id) ? documentLines(input2) : null;
  const where = (i: number) => (lines?.[i] !== undefined ? `line ${lines[i]}` : `document ${i + 1}`);
  docs.forEach((d, i) => checkDocument(d, project.schema, where(i)));

  let owner: { id: string; layer: 'gold' | 'user' } | null = null;
  const hasAnnotations = docs.some((d) => d.spans.length > 0 || d.relations.length > 0 || Object.keys(d.docLabels).length > 0);
  if (opts.as === 'finished' && hasAnnotations) {
    if (!opts.annotator) throw badRequest('name the annotator whose finished set this is (or "gold")');
    if (opts.annotator === 'gold') owner = { id: 'gold', layer: 'gold' };
    else {
      const u = await store.users.byUsername(opts.annotator);
      const role = u ? await store.projects.role(projectId, u.id) : null;
      if (!u || !role) throw badRequest(`"${opts.annotator}" is not a member of this project`);
      owner = { id: u.id, layer: 'user' };
    }
  }

  // Token offsets are stored with each text (token formats export without segmenting it again);
  // computed before the transaction, so the write lock is not held meanwhile.
  const tokens = await tokenizeAll(docs.map((d) => d.text));
  return store.db.transaction(async (tx) => {
    const rows = await store.documents.insertMany(
      tx,
      projectId,
      docs.map((d, i) => ({ title: d.title.slice(0, 200) || 'Untitled', text: d.text, textHash: sha256Hex(d.text), meta: d.meta, tokens: tokens[i]! })),
    );
    let spans = 0;
    let relations = 0;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      const docId = rows[i]!.id as never;
      if (d.spans.length + d.relations.length + Object.keys(d.docLabels).length > 0) {
        const content = toContent(d, user.id);
        spans += content.spans.size;
        relations += content.relations.size;
        const name = owner
          ? layerName(docId, owner.layer === 'gold' ? 'gold' : { user: asUserId(owner.id) })
          : layerName(docId, 'predictions');
        await appendInTx(tx, name, Y.encodeStateAsUpdate(contentToDoc(content)));
        if (owner) {
          const { lastID } = await tx.run(
            'INSERT INTO annotation_sets (document_id, layer, owner, version, submitted_by, submitted_at) VALUES (?, ?, ?, 1, ?, ?)',
            [docId, name, owner.id, user.id, Date.now()],
          );
          await insertContent(tx, lastID, content, d.text);
        }
      }
      if (i % 100 === 99) onProgress(i + 1, docs.length);
    }
    await store.projects.balanceAssignments(projectId, tx);
    onProgress(docs.length, docs.length);
    return { documents: rows.length, spans, relations, warnings, documentIds: rows.map((r) => r.id) };
  });
}

/** Each text's stored token offsets, yielding to the event loop every few ms so a large import does not stall it. */
async function tokenizeAll(texts: string[]): Promise<Array<{ tokenizer: string; tokens: Uint8Array }>> {
  const tokenizer = tokenizerId();
  const out: Array<{ tokenizer: string; tokens: Uint8Array }> = [];
  let since = performance.now();
  for (const text of texts) {
    out.push({ tokenizer, tokens: encodeTokenOffsets(tokenOffsets(text)) });
    if (performance.now() - since > 20) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    }
  }
  return out;
}

function decodeText(input: Uint8Array): string {
  if (input.includes(0)) throw badRequest('this looks like a binary file, not text');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch {
    throw badRequest('the file is not UTF-8 text');
  }
}

/** 1-based line number of each non-blank line: the i-th document of a JSONL file. */
function documentLines(text: string): number[] {
  const out: number[] = [];
  text.split('\n').forEach((l, i) => l.trim() !== '' && out.push(i + 1));
  return out;
}

function checkDocument(d: ImportedDocument, schema: TagSchema, where: string): void {
  if (d.text.length === 0) throw badRequest(`${where}: the document text is empty`);
  if (d.text.length > Limits.documentChars) throw badRequest(`${where}: the text has ${d.text.length} characters, limit ${Limits.documentChars}`);
  const ctx = { text: d.text, schema };
  for (const s of d.spans) {
    const err = checkSpan({ start: s.start, end: s.end, label: s.label, author: 'import', at: 0, ...(s.note ? { note: s.note } : {}), ...(s.attrs ? { attrs: s.attrs } : {}) }, ctx);
    if (err) throw badRequest(`${where}: ${err}`);
  }
  for (const r of d.relations) {
    const ok = (i: number) => Number.isInteger(i) && i >= 0 && i < d.spans.length;
    const err = checkRelation({ from: `s${r.fromIndex}`, to: `s${r.toIndex}`, type: r.type, author: 'import', at: 0 }, ctx, (id) => ok(Number(id.slice(1))));
    if (err) throw badRequest(`${where}: ${err}`);
  }
  for (const [set, values] of Object.entries(d.docLabels)) {
    const err = checkDocLabel(set, values, ctx);
    if (err) throw badRequest(`${where}: ${err}`);
  }
}

function toContent(d: ImportedDocument, author: string): LayerContent {
  const at = Date.now();
  const ids: SpanId[] = d.spans.map(() => asSpanId(newId('s')));
  const spans = new Map<SpanId, SpanValue>();
  d.spans.forEach((s, i) =>
    spans.set(ids[i]!, { start: s.start, end: s.end, label: s.label, author: asUserId(author), at, ...(s.note ? { note: s.note } : {}), ...(s.attrs ? { attrs: s.attrs } : {}) }),
  );
  const relations = new Map<RelationId, { from: SpanId; to: SpanId; type: string; author: ReturnType<typeof asUserId>; at: number }>();
  for (const r of d.relations) relations.set(asRelationId(newId('r')), { from: ids[r.fromIndex]!, to: ids[r.toIndex]!, type: r.type, author: asUserId(author), at });
  return { spans, relations, docLabels: d.docLabels };
}

export function contentToDoc(c: LayerContent): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const [id, s] of c.spans) putSpan(doc, id, s);
    for (const [id, r] of c.relations) putRelation(doc, id, r);
    for (const [k, v] of Object.entries(c.docLabels)) setDocLabel(doc, k, v);
  });
  return doc;
}
