// Dataset export: streams a project's finished sets through a format writer into a sink, one
// validated document chunk at a time, awaiting the sink (backpressure) so memory stays flat.
// A writer's ExportError stops the export; nothing is written before the first document passed.
import { createHash } from 'node:crypto';
import type { Store } from '../../db/store.ts';
import { ExportStore, type ExportCounts, type ExportSelection } from '../../db/export.store.ts';
import type { TagSchema } from '../../shared/domain.ts';
import { ExportError, FORMATS, formatById, hfLabelNames, type DocumentWriter, type ExportWarning, type FormatInfo } from '../../shared/formats/index.ts';
import { createBratWriter } from '../../shared/formats/brat.ts';
import { createConllWriter } from '../../shared/formats/conll.ts';
import { createCsvWriter } from '../../shared/formats/csv.ts';
import { createHfWriter } from '../../shared/formats/hf.ts';
import { createSpacyWriter } from '../../shared/formats/spacy.ts';
import { decodeTokenOffsets, encodeTokenOffsets, tokenOffsets, type TagScheme, type TokenOffsets } from '../../shared/formats/tokens.ts';
import { tokenizerId } from '../../shared/tokenize.ts';
import { badRequest, notFound } from '../http/errors.ts';

export interface ExportFormatOptions {
  /** Token formats: IOB2 or BILOU (default: the format id's own). */
  scheme?: TagScheme | undefined;
  /** Hugging Face: tags as strings (default) or integer ids into the schema's label names. */
  tags?: 'strings' | 'ids' | undefined;
  /** CoNLL: `# doc_id = …` comment lines. */
  comments?: boolean | undefined;
  /** CSV: prefix formula-like cells with `'`. */
  protectFormulas?: boolean | undefined;
}
export interface ExportRequest extends ExportSelection {
  format: string;
  options?: ExportFormatOptions;
}
export interface ExportProgress extends ExportCounts {
  /** What the selection holds, counted before the first byte. */
  total: ExportCounts;
  bytes: number;
}
export interface ExportSummary extends ExportCounts {
  bytes: number;
  /** The first MAX_WARNINGS warnings; `warningCount` has them all. */
  warnings: ExportWarning[];
  warningCount: number;
}
export type ExportSink = (chunk: string | Uint8Array) => Promise<void> | void;

const MAX_WARNINGS = 100;

/** The formats that can be exported, in the registry's order. */
export const exportFormats = (): FormatInfo[] => FORMATS.filter((f) => f.createWriter !== undefined);

/** sha256 hex via node:crypto (far faster than the pure one), remembered for the current text. */
function textHasher(): (text: string) => string {
  let last: string | undefined;
  let digest = '';
  return (text) => {
    if (text !== last) {
      digest = createHash('sha256').update(text, 'utf8').digest('hex');
      last = text;
    }
    return digest;
  };
}

/** The format's writer, built with the project's schema where the format declares labels. */
export function writerFor(format: FormatInfo, schema: TagSchema, o: ExportFormatOptions, hash: (t: string) => string): DocumentWriter<string> | DocumentWriter<Uint8Array> {
  const scheme = o.scheme ?? (format.id === 'conll-bilou' ? 'bilou' : 'iob2');
  switch (format.id) {
    case 'brat':
      return createBratWriter({ hash, schema });
    case 'spacy-jsonl':
      return createSpacyWriter({ hash, schema });
    case 'conll-iob2':
    case 'conll-bilou':
      return createConllWriter({ hash, scheme, comments: o.comments === true });
    case 'hf-token-classification':
      return o.tags === 'ids' ? createHfWriter({ hash, scheme, tags: 'ids', labelNames: hfLabelNames(schema, scheme) }) : createHfWriter({ hash, scheme });
    case 'csv':
      return createCsvWriter({ hash, protectFormulas: o.protectFormulas === true });
    default:
      if (format.createWriter === undefined) throw badRequest(`"${format.id}" is not an export format`);
      return format.createWriter({ hash });
  }
}

/** Checks the request before anything runs: the format exists and exports, the labels are the schema's. */
export async function prepareExport(store: Store, projectId: string, req: ExportRequest): Promise<{ format: FormatInfo; schema: TagSchema }> {
  const format = formatById(req.format);
  if (format?.createWriter === undefined) throw badRequest(`"${req.format}" is not an export format (formats: ${exportFormats().map((f) => f.id).join(', ')})`);
  const project = await store.projects.get(projectId);
  if (!project) throw notFound('no such project');
  const known = new Set(project.schema.spanLabels.map((l) => l.name));
  const unknown = (req.labels ?? []).filter((l) => !known.has(l));
  // A misspelt label would silently export nothing; say so instead.
  if (unknown.length > 0) throw badRequest(`unknown label ${unknown.map((l) => JSON.stringify(l)).join(', ')} (the schema has ${[...known].join(', ')})`);
  return { format, schema: project.schema };
}

export function countExport(store: Store, projectId: string, sel: ExportSelection): Promise<ExportCounts> {
  return new ExportStore(store.db).count(projectId, sel);
}

export async function exportProject(
  store: Store,
  projectId: string,
  req: ExportRequest,
  sink: ExportSink,
  onProgress: (p: ExportProgress) => void = () => undefined,
): Promise<ExportSummary> {
  const { format, schema } = await prepareExport(store, projectId, req);
  const hash = textHasher();
  const writer: DocumentWriter<string | Uint8Array> = writerFor(format, schema, req.options ?? {}, hash);
  const exportStore = new ExportStore(store.db);
  // Token formats read each text's stored token offsets; documents without (imported before they
  // were stored, or under another tokenizer) are tokenized here and their offsets stored meanwhile.
  const tokenizer = format.offsetUnit === 'token' ? tokenizerId() : undefined;
  const backfill = tokenizer === undefined ? undefined : new TokenBackfill(store, tokenizer);
  const total = await exportStore.count(projectId, req);
  const done: ExportProgress = { documents: 0, sets: 0, spans: 0, bytes: 0, total };
  const summary: ExportSummary = { documents: 0, sets: 0, spans: 0, bytes: 0, warnings: [], warningCount: 0 };
  const write = async (chunk: string | Uint8Array): Promise<void> => {
    if (chunk.length === 0) return;
    // Byte counts for progress: strings are measured as UTF-8 without copying them.
    done.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
    await sink(chunk);
  };
  onProgress({ ...done });
  // The header waits for the first document: if that one fails, nothing at all was written.
  let header: string | Uint8Array | undefined = writer.header();
  try {
    for await (const { doc, textHash, sets, tokens } of exportStore.documents(projectId, req, tokenizer)) {
      if (hash(doc.text) !== textHash) throw new ExportError(doc.id, undefined, 'the text does not match the sha256 recorded at import; its offsets cannot be trusted');
      let offsets: TokenOffsets | undefined;
      if (backfill !== undefined) {
        offsets = tokens ? decodeTokenOffsets(tokens, doc.text.length) : undefined;
        if (offsets === undefined) {
          offsets = tokenOffsets(doc.text);
          const behind = backfill.add(doc.id, offsets);
          if (behind !== undefined) await behind;
        }
      }
      const chunk = writer.document(doc, sets, offsets); // validates every offset and quote, or throws
      drainWarnings(writer, summary);
      if (header !== undefined) await write(header);
      header = undefined;
      await write(chunk);
      done.documents++;
      done.sets += sets.length;
      done.spans += sets.reduce((n, s) => n + s.spans.length, 0);
      onProgress({ ...done });
    }
    if (header !== undefined) await write(header);
    await write(writer.footer());
    drainWarnings(writer, summary);
  } finally {
    await backfill?.finish();
  }
  return { ...summary, documents: done.documents, sets: done.sets, spans: done.spans, bytes: done.bytes };
}

/** Documents' token offsets computed during an export, stored in batches while it goes on. */
class TokenBackfill {
  private static readonly BATCH = 256;
  private rows: Array<{ documentId: string; tokenizer: string; tokens: Uint8Array }> = [];
  private pending: Promise<void> = Promise.resolve();
  private batches = 0;

  constructor(
    private readonly store: Store,
    private readonly tokenizer: string,
  ) {}

  /** Queues one document's offsets; returns a promise to wait for when the writes fell behind. */
  add(documentId: string, offsets: TokenOffsets): Promise<void> | undefined {
    this.rows.push({ documentId, tokenizer: this.tokenizer, tokens: encodeTokenOffsets(offsets) });
    if (this.rows.length >= TokenBackfill.BATCH) this.flush();
    return this.batches > 2 ? this.pending : undefined;
  }

  /** Stores what is left and waits for every batch (also when the export failed: the offsets are right). */
  async finish(): Promise<void> {
    this.flush();
    await this.pending;
  }

  private flush(): void {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    // One batch after the other, never awaited by the export itself. Offsets are a cache: a failed
    // write only means the next export computes them again, so it never fails this one.
    this.batches++;
    this.pending = this.pending
      .then(() => this.store.documents.saveTokens(rows))
      .catch(() => undefined)
      .finally(() => this.batches--);
  }
}

/** Moves the writer's warnings into the summary, keeping the first few: a long export stays flat in memory. */
function drainWarnings(writer: DocumentWriter<string | Uint8Array>, summary: ExportSummary): void {
  // Writers push into the array they expose; emptying it is what keeps memory bounded.
  const list = writer.warnings as ExportWarning[];
  if (list.length === 0) return;
  summary.warningCount += list.length;
  for (const w of list) if (summary.warnings.length < MAX_WARNINGS) summary.warnings.push(w);
  list.length = 0;
}
