// spaCy training JSON Lines, CODE POINT offsets: `entities` (a non-overlapping subset, longest
// kept), `spans.sc` (all spans, for the SpanCategorizer), `cats` from document labels.
import type { TagSchema } from '../domain.ts';
import { keepLongest, project, setsToWrite, TextView } from './common.ts';
import { decodeInput, importRange, isRecord, jsonLines, readDocLabels } from './input.ts';
import { sha256Hex } from './sha256.ts';
import { FormatError } from './types.ts';
import type { DocumentWriter, ImportedDocument, ImportOrigin, ImportResult, WriteOptions } from './types.ts';

export interface SpacyOptions extends WriteOptions {
  /** With a schema, every value of every document label set is in `cats` (0.0 when not chosen). */
  schema?: TagSchema;
}

export function createSpacyWriter(options: SpacyOptions = {}): DocumentWriter {
  const hash = options.hash ?? sha256Hex;
  return {
    warnings: [],
    header: () => '',
    document(doc, sets) {
      const view = new TextView(doc.text);
      const digest = hash(doc.text);
      let out = '';
      for (const set of setsToWrite(doc, sets)) {
        const p = set.spans.map((s) => project(view, s, 'codepoint', doc.id));
        const triple = (i: number): [number, number, string] => [p[i]?.start ?? 0, p[i]?.end ?? 0, set.spans[i]?.label ?? ''];
        const entities = keepLongest(p)
          .map(triple)
          .sort((a, b) => a[0] - b[0]);
        const cats: Record<string, number> = {};
        for (const ls of options.schema?.docLabelSets ?? []) for (const v of ls.values) cats[v] = 0;
        for (const values of Object.values(set.docLabels)) for (const v of values) cats[v] = 1;
        const meta = { doc_id: doc.id, title: doc.title, annotator: set.annotator, version: set.version, text_sha256: digest, doc_labels: set.docLabels };
        const record = { text: doc.text, entities, spans: { sc: p.map((_, i) => triple(i)) }, cats, quotes: p.map((x) => x.quote), meta };
        out += `${JSON.stringify(record)}\n`;
      }
      return out;
    },
    footer: () => '',
  };
}

export function readSpacyJsonl(input: string | Uint8Array, options: { file?: string } = {}): ImportResult {
  const file = options.file;
  const documents: ImportedDocument[] = [];
  for (const { line, value: r } of jsonLines(decodeInput(input, file), file)) {
    const fail = (why: string): never => {
      throw new FormatError(line, why, file);
    };
    if (typeof r.text !== 'string') fail('missing text');
    const view = new TextView(r.text as string);
    const sc = isRecord(r.spans) ? r.spans.sc : undefined;
    const list = sc ?? r.entities ?? [];
    if (!Array.isArray(list)) return fail('spans.sc / entities must be an array');
    const quotes = Array.isArray(r.quotes) && r.quotes.length === list.length ? r.quotes : [];
    const spans = list.map((t: unknown, i) => {
      if (!Array.isArray(t) || t.length !== 3 || typeof t[2] !== 'string' || t[2] === '') return fail(`span ${i} must be [start, end, label]`);
      return { ...importRange(view, t[0], t[1], 'codepoint', line, quotes[i], file), label: t[2] as string };
    });
    const meta = isRecord(r.meta) ? r.meta : {};
    let docLabels = readDocLabels(meta.doc_labels, line, file);
    if (meta.doc_labels === undefined && isRecord(r.cats)) {
      const chosen = Object.entries(r.cats).filter(([, v]) => typeof v === 'number' && v >= 0.5).map(([k]) => k);
      docLabels = chosen.length > 0 ? { cats: chosen } : {};
    }
    const origin: ImportOrigin = {};
    if (typeof meta.doc_id === 'string') origin.docId = meta.doc_id;
    if (typeof meta.annotator === 'string') origin.annotator = meta.annotator;
    if (typeof meta.version === 'number') origin.version = meta.version;
    if (typeof meta.text_sha256 === 'string') origin.textSha256 = meta.text_sha256;
    const rest = Object.fromEntries(Object.entries(meta).filter(([k]) => !['doc_id', 'title', 'annotator', 'version', 'text_sha256', 'doc_labels'].includes(k)));
    const title = typeof meta.title === 'string' ? meta.title : `${file ?? 'spacy'} #${documents.length + 1}`;
    documents.push({ title, text: view.text, meta: rest, spans, relations: [], docLabels, origin });
  }
  if (documents.length === 0) throw new FormatError(1, 'no records', file);
  return { documents, warnings: [] };
}
