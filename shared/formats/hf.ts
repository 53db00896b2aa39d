// Hugging Face token classification JSON Lines: one record per sentence, `tokens` + `ner_tags`
// (IOB2/BILOU strings, or integer ids into `label_names`). Same tokens and sentences as CoNLL.
import type { TagSchema } from '../domain.ts';
import { setsToWrite, TextView } from './common.ts';
import { decodeInput, isRecord, jsonLines } from './input.ts';
import { sha256Hex } from './sha256.ts';
import { decodeTags, detectScheme, joinTokens, tagTokens, tokenOffsets } from './tokens.ts';
import type { SentenceSplit, TagScheme } from './tokens.ts';
import { ExportError, FormatError } from './types.ts';
import type { DocumentWriter, ExportWarning, ImportedDocument, ImportResult, WriteOptions } from './types.ts';

export interface HfOptions extends WriteOptions {
  scheme?: TagScheme;
  sentences?: SentenceSplit;
  /** 'strings' (default) or 'ids': integers indexing `labelNames` (see hfLabelNames). */
  tags?: 'strings' | 'ids';
  labelNames?: readonly string[];
}

/** The tag list for integer ids, in a stable order: O, then per schema label B-, I- (and L-, U-). */
export function hfLabelNames(schema: TagSchema, scheme: TagScheme = 'iob2'): string[] {
  const prefixes = scheme === 'iob2' ? ['B', 'I'] : ['B', 'I', 'L', 'U'];
  return ['O', ...schema.spanLabels.flatMap((l) => prefixes.map((p) => `${p}-${l.name}`))];
}

export function createHfWriter(options: HfOptions = {}): DocumentWriter {
  const hash = options.hash ?? sha256Hex;
  const warnings: ExportWarning[] = [];
  const ids = options.tags === 'ids';
  if (ids && options.labelNames === undefined) throw new TypeError('integer tags need labelNames (see hfLabelNames)');
  const index = new Map((options.labelNames ?? []).map((name, i) => [name, i]));
  return {
    warnings,
    header: () => '',
    document(doc, sets, tokens) {
      const view = new TextView(doc.text);
      const text = doc.text;
      const offsets = tokens ?? tokenOffsets(text);
      const digest = hash(doc.text);
      let out = '';
      for (const set of setsToWrite(doc, sets)) {
        const { tags, ends } = tagTokens(view, doc.id, set, options.scheme ?? 'iob2', options.sentences ?? 'punctuation', warnings, offsets);
        let i = 0;
        ends.forEach((end, n) => {
          const words: string[] = [];
          const nerTags: Array<string | number> = [];
          for (; i < end; i++) {
            words.push(text.slice(offsets[2 * i] as number, offsets[2 * i + 1] as number));
            const tag = tags[i] as string;
            if (!ids) nerTags.push(tag);
            else {
              const id = index.get(tag);
              if (id === undefined) throw new ExportError(doc.id, undefined, `tag ${tag} is not in labelNames`);
              nerTags.push(id);
            }
          }
          const record = {
            id: `${doc.id}/${set.annotator}/${set.version}/${n}`,
            doc_id: doc.id,
            annotator: set.annotator,
            version: set.version,
            text_sha256: digest,
            tokens: words,
            ner_tags: nerTags,
          };
          out += `${JSON.stringify(record)}\n`;
        });
      }
      return out;
    },
    footer: () => '',
  };
}

export interface HfReadOptions {
  labelNames?: readonly string[];
  scheme?: TagScheme | 'auto';
  file?: string;
}

interface Group {
  key: string;
  line: number;
  record: Record<string, unknown>;
  sentences: Array<{ tokens: string[]; tags: string[]; line: number }>;
}

/** Records sharing doc_id/annotator/version (consecutive) form one document; others stand alone. */
export function readHfJsonl(input: string | Uint8Array, options: HfReadOptions = {}): ImportResult {
  const file = options.file;
  const text = decodeInput(input, file);
  const groups: Group[] = [];
  for (const { line, value } of jsonLines(text, file)) {
    const fail = (why: string): never => {
      throw new FormatError(line, why, file);
    };
    const { tokens, ner_tags: tags } = value;
    if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string' && t.length > 0)) fail('tokens must be an array of non-empty strings');
    if (!Array.isArray(tags) || tags.length !== (tokens as unknown[]).length) fail('ner_tags must be an array as long as tokens');
    const names = (tags as unknown[]).map((t) => {
      if (typeof t === 'string') return t;
      if (typeof t !== 'number' || options.labelNames === undefined) return fail('ner_tags must be strings, or integers with labelNames given');
      const name = options.labelNames[t];
      return name ?? fail(`tag id ${t} is not in labelNames`);
    });
    const key = typeof value.doc_id === 'string' ? JSON.stringify([value.doc_id, value.annotator, value.version]) : `#${line}`;
    const last = groups[groups.length - 1];
    const sentence = { tokens: tokens as string[], tags: names, line };
    if (last !== undefined && last.key === key) last.sentences.push(sentence);
    else groups.push({ key, line, record: value, sentences: [sentence] });
  }
  if (groups.length === 0) throw new FormatError(1, 'no records', file);
  const scheme = options.scheme === undefined || options.scheme === 'auto' ? detectScheme(groups.flatMap((g) => g.sentences.flatMap((s) => s.tags))) : options.scheme;
  const documents = groups.map((g, n): ImportedDocument => {
    const { text: joined, offsets } = joinTokens(g.sentences.map((s) => s.tokens));
    const spans = g.sentences.flatMap((s, si) =>
      decodeTags(s.tags, scheme, () => s.line, file).map((r) => {
        const off = offsets[si] as Array<[number, number]>;
        return { start: (off[r.first] as [number, number])[0], end: (off[r.last] as [number, number])[1], label: r.label };
      }),
    );
    const r = g.record;
    const docId = typeof r.doc_id === 'string' ? r.doc_id : undefined;
    const origin = {
      ...(docId === undefined ? {} : { docId }),
      ...(typeof r.annotator === 'string' ? { annotator: r.annotator } : {}),
      ...(typeof r.version === 'number' ? { version: r.version } : {}),
    };
    const meta = isRecord(r.meta) ? r.meta : {};
    return { title: docId ?? `${file ?? 'hf'} #${n + 1}`, text: joined, meta, spans, relations: [], docLabels: {}, origin };
  });
  return { documents, warnings: [] };
}
