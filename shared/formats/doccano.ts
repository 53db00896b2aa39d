// doccano JSONL, CODE POINT offsets. Export: sequence labelling `{text, label: [[s, e, l]]}` or
// relation extraction `{text, entities, relations}`; import: both, plus `label: ["cat"]` and CoNLL.
import { project, relationIndexes, setsToWrite, TextView } from './common.ts';
import { decodeInput, importRange, isRecord, jsonLines } from './input.ts';
import { readConll } from './conll.ts';
import { parseJsonLocated } from './json-located.ts';
import { sha256Hex } from './sha256.ts';
import { FormatError } from './types.ts';
import type { DocumentWriter, ExportWarning, ImportedDocument, ImportedRelation, ImportedSpan, ImportOrigin, ImportResult, WriteOptions } from './types.ts';

export interface DoccanoOptions extends WriteOptions {
  /** 'labels' (default): sequence labelling; 'relations': entities + relations. */
  shape?: 'labels' | 'relations';
}

export function createDoccanoWriter(options: DoccanoOptions = {}): DocumentWriter {
  const hash = options.hash ?? sha256Hex;
  const warnings: ExportWarning[] = [];
  return {
    warnings,
    header: () => '',
    document(doc, sets) {
      const view = new TextView(doc.text);
      const about = { doc_id: doc.id, title: doc.title, text_sha256: hash(doc.text) };
      let out = '';
      for (const set of setsToWrite(doc, sets)) {
        const ends = relationIndexes(set, doc.id);
        const p = set.spans.map((s) => project(view, s, 'codepoint', doc.id));
        const quotes = p.map((x) => x.quote);
        const who = { annotator: set.annotator, version: set.version };
        let record: Record<string, unknown>;
        if (options.shape === 'relations') {
          const entities = p.map((x, i) => ({ id: i, label: set.spans[i]?.label, start_offset: x.start, end_offset: x.end }));
          const relations = set.relations.map((r, i) => ({ id: i, from_id: ends[i]?.from, to_id: ends[i]?.to, type: r.type }));
          record = { text: doc.text, entities, relations, quotes, ...about, ...who };
        } else {
          if (set.relations.length > 0) {
            warnings.push({ docId: doc.id, annotator: set.annotator, message: `${set.relations.length} relation(s) left out: use shape 'relations' to keep them` });
          }
          record = { text: doc.text, label: p.map((x, i) => [x.start, x.end, set.spans[i]?.label]), quotes, ...about, ...who };
        }
        out += `${JSON.stringify(record)}\n`;
      }
      return out;
    },
    footer: () => '',
  };
}

const KNOWN = new Set(['text', 'label', 'labels', 'entities', 'relations', 'quotes', 'doc_id', 'title', 'annotator', 'version', 'text_sha256', 'meta']);

/** Records with their lines: JSON Lines, or (as doccano's own examples) one pretty-printed JSON value. */
function records(text: string, file?: string): Array<{ line: number; value: Record<string, unknown> }> {
  try {
    return [...jsonLines(text, file)];
  } catch (lineError) {
    const firstLine = text.split('\n').findIndex((l) => l.trim() !== '') + 1;
    if (!(lineError instanceof FormatError) || lineError.line !== firstLine) throw lineError;
    let parsed;
    try {
      parsed = parseJsonLocated(text, file);
    } catch {
      throw lineError;
    }
    const items = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    return items.map((value) => {
      const line = parsed.lineOf(value);
      if (!isRecord(value)) throw new FormatError(line, 'each record must be a JSON object', file);
      return { line, value };
    });
  }
}

export function readDoccanoJsonl(input: string | Uint8Array, options: { file?: string } = {}): ImportResult {
  const file = options.file;
  const documents = records(decodeInput(input, file), file).map(({ line, value: r }, n) => readRecord(r, line, n, file));
  if (documents.length === 0) throw new FormatError(1, 'no records', file);
  return { documents, warnings: [] };
}

function readRecord(r: Record<string, unknown>, line: number, n: number, file: string | undefined): ImportedDocument {
  const fail = (why: string): never => {
    throw new FormatError(line, why, file);
  };
  if (typeof r.text !== 'string') fail('missing text');
  const text = r.text as string;
  const view = new TextView(text);
  const quotes = Array.isArray(r.quotes) ? r.quotes : [];
  const spans: ImportedSpan[] = [];
  const relations: ImportedRelation[] = [];
  const docLabels: Record<string, string[]> = {};
  const addSpan = (s: unknown, e: unknown, label: unknown): void => {
    if (typeof label !== 'string' || label === '') fail(`label of span ${spans.length} must be a non-empty string`);
    spans.push({ ...importRange(view, s, e, 'codepoint', line, quotes[spans.length], file), label: label as string });
  };
  const labels = r.label ?? r.labels;
  if (labels !== undefined) {
    if (!Array.isArray(labels)) fail('label must be an array');
    for (const item of labels as unknown[]) {
      if (typeof item === 'string') (docLabels.label ??= []).push(item);
      else if (Array.isArray(item) && item.length === 3) addSpan(item[0], item[1], item[2]);
      else fail(`label entries must be [start, end, label] or category strings, got ${JSON.stringify(item)}`);
    }
  }
  if (r.entities !== undefined) {
    if (!Array.isArray(r.entities)) fail('entities must be an array');
    const ids = new Map<string, number>();
    for (const e of r.entities as unknown[]) {
      if (!isRecord(e)) return fail('each entity must be an object');
      const key = JSON.stringify(e.id);
      if (e.id !== undefined && ids.has(key)) fail(`duplicate entity id ${key}`);
      ids.set(key, spans.length);
      addSpan(e.start_offset, e.end_offset, e.label);
    }
    if (r.relations !== undefined && !Array.isArray(r.relations)) fail('relations must be an array');
    for (const x of (r.relations ?? []) as unknown[]) {
      if (!isRecord(x)) return fail('each relation must be an object');
      const fromIndex = ids.get(JSON.stringify(x.from_id));
      const toIndex = ids.get(JSON.stringify(x.to_id));
      if (fromIndex === undefined || toIndex === undefined) fail(`unknown relation endpoint ${JSON.stringify(fromIndex === undefined ? x.from_id : x.to_id)}`);
      if (typeof x.type !== 'string' || x.type === '') fail('relation type must be a non-empty string');
      relations.push({ fromIndex: fromIndex as number, toIndex: toIndex as number, type: x.type as string });
    }
  }
  const meta: Record<string, unknown> = isRecord(r.meta) ? { ...r.meta } : {};
  for (const [k, v] of Object.entries(r)) if (!KNOWN.has(k)) meta[k] = v;
  const origin: ImportOrigin = {};
  if (typeof r.doc_id === 'string') origin.docId = r.doc_id;
  if (typeof r.annotator === 'string') origin.annotator = r.annotator;
  if (typeof r.version === 'number') origin.version = r.version;
  if (typeof r.text_sha256 === 'string') origin.textSha256 = r.text_sha256;
  const title = typeof r.title === 'string' ? r.title : `${file ?? 'doccano'} #${n + 1}`;
  return { title, text, meta, spans, relations, docLabels, origin };
}

/** doccano's CoNLL import: every blank-line-separated sentence is one document. */
export function readDoccanoConll(input: string | Uint8Array, options: { file?: string } = {}): ImportResult {
  return readConll(input, { documents: 'sentence', ...options });
}
