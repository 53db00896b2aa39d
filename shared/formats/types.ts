// Types shared by every export writer and import reader: what goes in, what comes out, and the
// two error kinds (an export that would write a wrong offset, an import input that is invalid).
import type { DocLabels, DocumentRecord, FinishedSet, FinishedSpan } from '../domain.ts';
import type { TokenOffsets } from './tokens.ts';

/** The unit a format counts offsets in. Internally we always use UTF-16 code units. */
export const OffsetUnit = { utf16: 'utf16', codePoint: 'codepoint', token: 'token', none: 'none' } as const;
export type OffsetUnit = (typeof OffsetUnit)[keyof typeof OffsetUnit];

/** A finished span, optionally with the quote stored beside it; a given quote is checked too. */
export interface ExportSpan extends FinishedSpan {
  quote?: string;
}
export interface ExportSet extends Omit<FinishedSet, 'spans'> {
  spans: ExportSpan[];
}

/** Hex digest of a text; sha256 by default (see sha256.ts), injectable so a server can use its own. */
export type TextHash = (text: string) => string;

export interface WriteOptions {
  hash?: TextHash;
}

/** Something an export dropped or changed, reported instead of being done silently. */
export interface ExportWarning {
  docId: string;
  annotator: string;
  spanId?: string;
  /** UTF-16 offsets of the span concerned. */
  start?: number;
  end?: number;
  quote?: string;
  message: string;
}

/**
 * A streaming writer: header once, one chunk per document (with all its finished sets), footer
 * once. Stateful only where the format needs it (separators, running ids, collected config).
 */
export interface DocumentWriter<C extends string | Uint8Array = string> {
  header(): C;
  /**
   * `tokens`: the text's token offsets when the caller has them stored (tokenOffsets(doc.text));
   * token formats use them instead of segmenting the text again, the others ignore them.
   */
  document(doc: DocumentRecord, sets: readonly ExportSet[], tokens?: TokenOffsets): C;
  footer(): C;
  readonly warnings: readonly ExportWarning[];
}

/** Thrown by writers: the export would not say what the data says (fail loudly, write nothing). */
export class ExportError extends Error {
  readonly docId: string;
  readonly spanId: string | undefined;
  constructor(docId: string, spanId: string | undefined, message: string) {
    super(`document ${docId}${spanId === undefined ? '' : `, span ${spanId}`}: ${message}`);
    this.name = 'ExportError';
    this.docId = docId;
    this.spanId = spanId;
  }
}

export type AttrValue = string | number | boolean;

/** Imported spans and relations use UTF-16 offsets, whatever the file used. */
export interface ImportedSpan {
  start: number;
  end: number;
  label: string;
  note?: string;
  attrs?: Record<string, AttrValue>;
  /** The id the file gave the span, when it had one. */
  id?: string;
}
export interface ImportedRelation {
  fromIndex: number;
  toIndex: number;
  type: string;
  id?: string;
}
/** Where an imported annotation set came from, when the file says. */
export interface ImportOrigin {
  docId?: string;
  annotator?: string;
  version?: number;
  submittedBy?: string;
  submittedAt?: number;
  textSha256?: string;
}
export interface ImportedDocument {
  title: string;
  text: string;
  meta: Record<string, unknown>;
  spans: ImportedSpan[];
  relations: ImportedRelation[];
  docLabels: DocLabels;
  origin?: ImportOrigin;
}
export interface ImportWarning {
  line: number;
  file?: string;
  message: string;
}
export interface ImportResult {
  documents: ImportedDocument[];
  warnings: ImportWarning[];
}

/** Thrown by readers at the first problem; `line` is 1-based, `reason` says what is wrong. */
export class FormatError extends Error {
  readonly line: number;
  readonly reason: string;
  readonly file: string | undefined;
  constructor(line: number, reason: string, file?: string) {
    super(`${file === undefined ? '' : `${file}: `}line ${line}: ${reason}`);
    this.name = 'FormatError';
    this.line = line;
    this.reason = reason;
    this.file = file;
  }
}

export type ReadOutcome =
  | { ok: true; result: ImportResult }
  | { ok: false; error: { line: number; message: string; file?: string } };

/** Runs a reader and turns its FormatError into the `{ line, message }` value callers show. */
export function safeRead(read: () => ImportResult): ReadOutcome {
  try {
    return { ok: true, result: read() };
  } catch (e) {
    if (e instanceof FormatError) {
      const error = { line: e.line, message: e.reason };
      return { ok: false, error: e.file === undefined ? error : { ...error, file: e.file } };
    }
    throw e;
  }
}
