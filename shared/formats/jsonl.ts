// Tagteam JSON Lines: one record per (document, finished set), full fidelity, UTF-16 offsets (said
// in `offsetUnit`), every span with its quote and the text's sha256; re-imports without loss.
import { project, relationIndexes, setsToWrite, TextView } from './common.ts';
import { decodeInput, importRange, isRecord, jsonLines, readDocLabels, requireString } from './input.ts';
import { sha256Hex } from './sha256.ts';
import { FormatError } from './types.ts';
import type { AttrValue, DocumentWriter, ImportedDocument, ImportedRelation, ImportedSpan, ImportResult, TextHash, WriteOptions } from './types.ts';

export const TAGTEAM_FORMAT = 'tagteam-jsonl';
export const TAGTEAM_FORMAT_VERSION = 1;

export function createTagteamWriter(options: WriteOptions = {}): DocumentWriter {
  const hash = options.hash ?? sha256Hex;
  return {
    warnings: [],
    header: () => '',
    document(doc, sets) {
      const view = new TextView(doc.text);
      const textSha256 = hash(doc.text);
      let out = '';
      for (const set of setsToWrite(doc, sets)) {
        relationIndexes(set, doc.id); // throws on a dangling relation
        const spans = set.spans.map((s) => {
          const { quote } = project(view, s, 'utf16', doc.id);
          const span: Record<string, unknown> = { id: s.id, start: s.start, end: s.end, label: s.label, quote };
          if (s.note !== undefined) span.note = s.note;
          if (s.attrs !== undefined) span.attrs = s.attrs;
          return span;
        });
        const record = {
          format: TAGTEAM_FORMAT,
          formatVersion: TAGTEAM_FORMAT_VERSION,
          offsetUnit: 'utf16',
          docId: doc.id,
          title: doc.title,
          meta: doc.meta,
          text: doc.text,
          textSha256,
          annotator: set.annotator,
          version: set.version,
          submittedBy: set.submittedBy,
          submittedAt: set.submittedAt,
          spans,
          relations: set.relations.map((r) => ({ id: r.id, from: r.from, to: r.to, type: r.type })),
          docLabels: set.docLabels,
        };
        out += `${JSON.stringify(record)}\n`;
      }
      return out;
    },
    footer: () => '',
  };
}

export interface TagteamReadOptions {
  /** Checks `textSha256`; defaults to the built-in sha256. */
  hash?: TextHash;
  file?: string;
}

function readAttrs(v: unknown, fail: (why: string) => never): Record<string, AttrValue> | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v)) return fail('attrs must be an object');
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') fail(`attr ${JSON.stringify(k)} must be a string, number or boolean`);
  }
  return v as Record<string, AttrValue>;
}

export function readTagteamJsonl(input: string | Uint8Array, options: TagteamReadOptions = {}): ImportResult {
  const file = options.file;
  const hash = options.hash ?? sha256Hex;
  const text = decodeInput(input, file);
  const documents: ImportedDocument[] = [];
  for (const { line, value: r } of jsonLines(text, file)) {
    const fail = (why: string): never => {
      throw new FormatError(line, why, file);
    };
    if (typeof r.text !== 'string') fail('missing text');
    const docText = r.text as string;
    if (r.offsetUnit !== undefined && r.offsetUnit !== 'utf16') fail(`offsetUnit ${JSON.stringify(r.offsetUnit)} is not utf16`);
    if (r.textSha256 !== undefined && r.textSha256 !== hash(docText)) fail('textSha256 does not match the text');
    const view = new TextView(docText);
    const ids = new Map<string, number>();
    if (r.spans !== undefined && !Array.isArray(r.spans)) fail('spans must be an array');
    const spans = ((r.spans ?? []) as unknown[]).map((s, i): ImportedSpan => {
      if (!isRecord(s)) return fail(`span ${i} must be an object`);
      const range = importRange(view, s.start, s.end, 'utf16', line, s.quote, file);
      const label = requireString(s.label, `span ${i} label`, line, file);
      const out: ImportedSpan = { ...range, label };
      if (s.id !== undefined) {
        const id = requireString(s.id, `span ${i} id`, line, file);
        if (ids.has(id)) fail(`duplicate span id ${JSON.stringify(id)}`);
        ids.set(id, i);
        out.id = id;
      }
      if (s.note !== undefined) out.note = typeof s.note === 'string' ? s.note : fail(`span ${i} note must be a string`);
      const attrs = readAttrs(s.attrs, fail);
      if (attrs !== undefined) out.attrs = attrs;
      return out;
    });
    if (r.relations !== undefined && !Array.isArray(r.relations)) fail('relations must be an array');
    const relations = ((r.relations ?? []) as unknown[]).map((x, i): ImportedRelation => {
      if (!isRecord(x)) return fail(`relation ${i} must be an object`);
      const fromIndex = ids.get(String(x.from));
      const toIndex = ids.get(String(x.to));
      if (fromIndex === undefined || toIndex === undefined) fail(`unknown relation endpoint ${JSON.stringify(fromIndex === undefined ? x.from : x.to)} in relation ${i}`);
      const rel: ImportedRelation = { fromIndex: fromIndex as number, toIndex: toIndex as number, type: requireString(x.type, `relation ${i} type`, line, file) };
      if (typeof x.id === 'string') rel.id = x.id;
      return rel;
    });
    const origin = {
      ...(typeof r.docId === 'string' ? { docId: r.docId } : {}),
      ...(typeof r.annotator === 'string' ? { annotator: r.annotator } : {}),
      ...(typeof r.version === 'number' ? { version: r.version } : {}),
      ...(typeof r.submittedBy === 'string' ? { submittedBy: r.submittedBy } : {}),
      ...(typeof r.submittedAt === 'number' ? { submittedAt: r.submittedAt } : {}),
      ...(typeof r.textSha256 === 'string' ? { textSha256: r.textSha256 } : {}),
    };
    const title = typeof r.title === 'string' ? r.title : typeof r.docId === 'string' ? r.docId : `document ${documents.length + 1}`;
    if (r.meta !== undefined && !isRecord(r.meta)) fail('meta must be an object');
    const meta = (r.meta ?? {}) as Record<string, unknown>;
    documents.push({ title, text: docText, meta, spans, relations, docLabels: readDocLabels(r.docLabels, line, file), origin });
  }
  if (documents.length === 0) throw new FormatError(1, 'no records', file);
  return { documents, warnings: [] };
}
