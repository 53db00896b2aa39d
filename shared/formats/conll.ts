// CoNLL-2003 style token-per-line export/import (IOB2 or BILOU tags). Tokens are columnTokens();
// the reader rebuilds text by joining tokens with single spaces and sentences with newlines.
import { setsToWrite, TextView } from './common.ts';
import { decodeInput } from './input.ts';
import { sha256Hex } from './sha256.ts';
import { decodeTags, detectScheme, joinTokens, tagTokens, tokenOffsets } from './tokens.ts';
import type { SentenceSplit, TagScheme } from './tokens.ts';
import { FormatError } from './types.ts';
import type { DocumentWriter, ExportSet, ExportWarning, ImportedDocument, ImportOrigin, ImportResult, ImportWarning, WriteOptions } from './types.ts';

export interface ConllOptions extends WriteOptions {
  scheme?: TagScheme;
  /** 4: `token -X- _ TAG` (CoNLL-2003); 2: `token TAG`. */
  columns?: 2 | 4;
  separator?: ' ' | '\t';
  sentences?: SentenceSplit;
  /** Write `# doc_id = …` lines (and annotator, version, text_sha256) after -DOCSTART-; off by default as strict CoNLL readers take them for tokens. */
  comments?: boolean;
}

/** Labels become one column: whitespace inside a label is replaced by '_', and reported. */
export function sanitizeLabels(set: ExportSet, docId: string, warnings: ExportWarning[]): ExportSet {
  if (!set.spans.some((s) => /\s/u.test(s.label))) return set;
  return {
    ...set,
    spans: set.spans.map((s) => {
      if (!/\s/u.test(s.label)) return s;
      const label = s.label.replace(/\s+/gu, '_');
      warnings.push({ docId, annotator: set.annotator, spanId: s.id, start: s.start, end: s.end, message: `label ${JSON.stringify(s.label)} written as ${label}` });
      return { ...s, label };
    }),
  };
}

export function createConllWriter(options: ConllOptions = {}): DocumentWriter {
  const hash = options.hash ?? sha256Hex;
  const sep = options.separator ?? ' ';
  const four = (options.columns ?? 4) === 4;
  const warnings: ExportWarning[] = [];
  // What follows the token on its row, per tag: `<sep>-X-<sep>_<sep>TAG\n` or `<sep>TAG\n`.
  const tails = new Map<string, string>();
  const tail = (tag: string): string => {
    let t = tails.get(tag);
    if (t === undefined) {
      t = `${four ? ['', '-X-', '_', tag].join(sep) : `${sep}${tag}`}\n`;
      tails.set(tag, t);
    }
    return t;
  };
  const docstart = `${four ? ['-DOCSTART-', '-X-', '-X-', 'O'].join(sep) : `-DOCSTART-${sep}O`}\n`;
  return {
    warnings,
    header: () => '',
    document(doc, sets, tokens) {
      const view = new TextView(doc.text);
      const text = doc.text;
      const offsets = tokens ?? tokenOffsets(text);
      let out = '';
      for (const raw of setsToWrite(doc, sets)) {
        const set = sanitizeLabels(raw, doc.id, warnings);
        out += docstart;
        if (options.comments === true) {
          const fields: Array<[string, string]> = [['doc_id', doc.id], ['title', doc.title], ['annotator', set.annotator], ['version', String(set.version)], ['text_sha256', hash(doc.text)]];
          for (const [k, v] of fields) out += `# ${k} = ${v.replace(/\s+/gu, ' ')}\n`;
        }
        out += '\n';
        // One row per token, a blank line after each sentence.
        const { tags, ends } = tagTokens(view, doc.id, set, options.scheme ?? 'iob2', options.sentences ?? 'punctuation', warnings, offsets);
        let i = 0;
        for (const end of ends) {
          for (; i < end; i++) out += text.slice(offsets[2 * i] as number, offsets[2 * i + 1] as number) + tail(tags[i] as string);
          out += '\n';
        }
      }
      return out;
    },
    footer: () => '',
  };
}

export interface ConllReadOptions {
  scheme?: TagScheme | 'auto';
  /** 'docstart' (default): -DOCSTART- lines separate documents; 'sentence': every sentence is one (doccano's CoNLL import). */
  documents?: 'docstart' | 'sentence';
  file?: string;
}

interface Sentence {
  tokens: string[];
  tags: string[];
  lines: number[];
}
interface RawDoc {
  line: number;
  sentences: Sentence[];
  origin: Record<string, string>;
}

const COMMENT = /^#\s*(doc_id|title|annotator|version|text_sha256)\s*=\s*(.*)$/;

export function readConll(input: string | Uint8Array, options: ConllReadOptions = {}): ImportResult {
  const file = options.file;
  const text = decodeInput(input, file);
  const docs: RawDoc[] = [];
  let doc: RawDoc | undefined;
  let sentence: Sentence | undefined;
  const lines = text.split('\n');
  lines.forEach((rawLine, i) => {
    const line = rawLine.replace(/\r$/, '');
    const lineNo = i + 1;
    if (line.trim() === '') {
      sentence = undefined;
      return;
    }
    if (line.startsWith('-DOCSTART-')) {
      doc = { line: lineNo, sentences: [], origin: {} };
      docs.push(doc);
      sentence = undefined;
      return;
    }
    const comment = COMMENT.exec(line);
    if (comment !== null) {
      if (doc === undefined) docs.push((doc = { line: lineNo, sentences: [], origin: {} }));
      doc.origin[comment[1] as string] = comment[2] as string;
      return;
    }
    const fields = line.trim().split(/[ \t]+/);
    if (fields.length < 2) throw new FormatError(lineNo, `expected a token and a tag separated by a space or tab, got ${JSON.stringify(line)}`, file);
    if (doc === undefined) docs.push((doc = { line: lineNo, sentences: [], origin: {} }));
    if (sentence === undefined) doc.sentences.push((sentence = { tokens: [], tags: [], lines: [] }));
    sentence.tokens.push(fields[0] as string);
    sentence.tags.push(fields[fields.length - 1] as string);
    sentence.lines.push(lineNo);
  });
  const allTags = docs.flatMap((d) => d.sentences.flatMap((s) => s.tags));
  const scheme = options.scheme === undefined || options.scheme === 'auto' ? detectScheme(allTags) : options.scheme;
  const warnings: ImportWarning[] = [];
  const units: RawDoc[] =
    options.documents === 'sentence' ? docs.flatMap((d) => d.sentences.map((s) => ({ line: s.lines[0] ?? d.line, sentences: [s], origin: {} }))) : docs;
  const documents: ImportedDocument[] = [];
  for (const d of units) {
    if (d.sentences.length === 0) {
      warnings.push({ line: d.line, message: 'document without tokens skipped', ...(file === undefined ? {} : { file }) });
      continue;
    }
    documents.push(buildDocument(d, scheme, documents.length + 1, file));
  }
  if (documents.length === 0) throw new FormatError(1, 'no tokens in the file', file);
  return { documents, warnings };
}

function buildDocument(d: RawDoc, scheme: TagScheme, n: number, file: string | undefined): ImportedDocument {
  const { text, offsets } = joinTokens(d.sentences.map((s) => s.tokens));
  const spans = d.sentences.flatMap((s, si) =>
    decodeTags(s.tags, scheme, (i) => s.lines[i] ?? d.line, file).map((r) => {
      const off = offsets[si] as Array<[number, number]>;
      return { start: (off[r.first] as [number, number])[0], end: (off[r.last] as [number, number])[1], label: r.label };
    }),
  );
  const o = d.origin;
  const origin: ImportOrigin = {};
  if (o.doc_id !== undefined) origin.docId = o.doc_id;
  if (o.annotator !== undefined) origin.annotator = o.annotator;
  if (o.version !== undefined && /^\d+$/.test(o.version)) origin.version = Number(o.version);
  if (o.text_sha256 !== undefined) origin.textSha256 = o.text_sha256;
  const title = o.title ?? `${file ?? 'conll'} #${n}`;
  return { title, text, meta: {}, spans, relations: [], docLabels: {}, ...(Object.keys(origin).length > 0 ? { origin } : {}) };
}
