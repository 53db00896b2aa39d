// Token tagging for CoNLL and Hugging Face: tokens, sentence split, spans → IOB2/BILOU tags (with
// misaligned and overlapping spans REPORTED, never shifted), and tags → token ranges, strictly.
import { tokenize } from '../tokenize.ts';
import type { Token } from '../tokenize.ts';
import { preview, project, TextView } from './common.ts';
import { FormatError } from './types.ts';
import type { ExportSet, ExportWarning } from './types.ts';

export const TagScheme = { iob2: 'iob2', bilou: 'bilou' } as const;
export type TagScheme = (typeof TagScheme)[keyof typeof TagScheme];

/** 'punctuation': line breaks and sentence-final punctuation before a capital; 'lines': line breaks only. */
export type SentenceSplit = 'punctuation' | 'lines';

export interface TaggedToken extends Token {
  tag: string;
}

/**
 * tokenize() tokens, each further split at whitespace: a word segment can hold whitespace (a
 * combining mark after a space, U+FEFF), and a column format cannot carry a token with a space.
 */
export function columnTokens(text: string): Token[] {
  const out: Token[] = [];
  for (const t of tokenize(text)) {
    if (!/\s/u.test(t.text)) {
      out.push(t);
      continue;
    }
    for (const m of t.text.matchAll(/\S+/gu)) {
      out.push({ start: t.start + m.index, end: t.start + m.index + m[0].length, text: m[0] });
    }
  }
  return out;
}

const LINE_BREAK = /[\n\r\u000b\u000c\u0085\u2028\u2029]/;
const FINAL = new Set(['.', '!', '?', '。', '！', '？']);

interface Candidate {
  index: number;
  first: number;
  last: number;
  label: string;
}

/**
 * Tags one annotation set's spans onto the text's tokens and splits the tokens into sentences.
 * A sentence ends at every line break and (in 'punctuation' mode) after . ! ? 。！？ followed by
 * whitespace and a token starting with an uppercase letter; never inside an entity. Spans whose
 * ends are not token boundaries, and spans overlapping a longer kept one, go to `warnings`.
 */
export function tagSentences(
  view: TextView,
  docId: string,
  set: ExportSet,
  scheme: TagScheme,
  split: SentenceSplit,
  warnings: ExportWarning[],
): TaggedToken[][] {
  const tokens = columnTokens(view.text);
  const byStart = new Map<number, number>();
  const byEnd = new Map<number, number>();
  tokens.forEach((t, i) => {
    byStart.set(t.start, i);
    byEnd.set(t.end, i);
  });
  const warn = (i: number, message: string): void => {
    const s = set.spans[i];
    if (s === undefined) return;
    warnings.push({ docId, annotator: set.annotator, spanId: s.id, start: s.start, end: s.end, quote: view.text.slice(s.start, s.end), message });
  };
  const candidates: Candidate[] = [];
  set.spans.forEach((span, index) => {
    project(view, span, 'utf16', docId); // validates offsets and any stored quote; throws if wrong
    const first = byStart.get(span.start);
    const last = byEnd.get(span.end);
    if (first === undefined || last === undefined || last < first) {
      warn(index, 'span does not align with token boundaries; left out of the token tags');
    } else candidates.push({ index, first, last, label: span.label });
  });
  // Outermost/longest first; ties go to the earlier span, then to the earlier-listed one.
  const len = (c: Candidate): number => (set.spans[c.index]?.end ?? 0) - (set.spans[c.index]?.start ?? 0);
  candidates.sort((a, b) => len(b) - len(a) || a.first - b.first || a.index - b.index);
  const owner = new Array<number>(tokens.length).fill(-1);
  const tags = new Array<string>(tokens.length).fill('O');
  for (const c of candidates) {
    let clash = -1;
    for (let t = c.first; t <= c.last && clash < 0; t++) clash = owner[t] as number;
    if (clash >= 0) {
      const other = set.spans[clash];
      warn(c.index, `span overlaps the longer span ${other?.id ?? ''} ${preview(other === undefined ? '' : view.text.slice(other.start, other.end))}; dropped`);
      continue;
    }
    for (let t = c.first; t <= c.last; t++) {
      owner[t] = c.index;
      const single = c.first === c.last;
      const prefix =
        scheme === 'iob2' ? (t === c.first ? 'B' : 'I') : single ? 'U' : t === c.first ? 'B' : t === c.last ? 'L' : 'I';
      tags[t] = `${prefix}-${c.label}`;
    }
  }
  const sentences: TaggedToken[][] = [];
  let current: TaggedToken[] = [];
  tokens.forEach((tok, i) => {
    current.push({ ...tok, tag: tags[i] as string });
    const next = tokens[i + 1];
    if (next === undefined) return;
    const gap = view.text.slice(tok.end, next.start);
    const insideEntity = owner[i] !== -1 && owner[i] === owner[i + 1];
    const breaks = LINE_BREAK.test(gap) || (split === 'punctuation' && FINAL.has(tok.text) && gap.length > 0 && /^\p{Lu}/u.test(next.text));
    if (breaks && !insideEntity) {
      sentences.push(current);
      current = [];
    }
  });
  if (current.length > 0) sentences.push(current);
  return sentences;
}

/** BILOU when any tag uses L-/U- (or IOBES's E-/S-), else IOB2. */
export function detectScheme(tags: Iterable<string>): TagScheme {
  for (const t of tags) if (/^[LUES]-/.test(t)) return 'bilou';
  return 'iob2';
}

/** IOBES's End and Single are BILOU's Last and Unit. */
const IOBES_AS_BILOU: Record<string, string> = { E: 'L', S: 'U' };

export interface TokenRange {
  first: number;
  last: number;
  label: string;
}

/**
 * Strict decoding of one sentence's tags into token ranges. IOB2: I-X only after B-X or I-X.
 * BILOU (IOBES accepted): B-X I-X* L-X, or U-X; nothing may stay open at the sentence end.
 */
export function decodeTags(tags: readonly string[], scheme: TagScheme, lineOf: (i: number) => number, file?: string): TokenRange[] {
  const out: TokenRange[] = [];
  let open: { first: number; label: string } | undefined;
  const fail = (i: number, why: string): never => {
    throw new FormatError(lineOf(i), `invalid IOB sequence: ${why}`, file);
  };
  tags.forEach((tag, i) => {
    const m = /^([BILUES])-(.+)$/.exec(tag);
    if (tag !== 'O' && m === null) fail(i, `${JSON.stringify(tag)} is not a tag (O, B-X, I-X${scheme === 'bilou' ? ', L-X, U-X' : ''})`);
    const kind = m === null ? 'O' : (IOBES_AS_BILOU[m[1] as string] ?? (m[1] as string));
    const label = m?.[2] ?? '';
    if (scheme === 'iob2' && (kind === 'L' || kind === 'U')) fail(i, `${tag} in an IOB2 sequence`);
    if (kind === 'I' || kind === 'L') {
      if (open === undefined) fail(i, `${tag} does not continue an entity (previous tag is ${i === 0 ? 'the sentence start' : tags[i - 1]})`);
      else if (open.label !== label) fail(i, `${tag} continues an entity labelled ${open.label}`);
      if (kind === 'L' && open !== undefined) {
        out.push({ first: open.first, last: i, label });
        open = undefined;
      }
      return;
    }
    if (open !== undefined) {
      if (scheme === 'bilou') fail(i, `entity ${open.label} opened by B- is not closed by L- before ${tag}`);
      out.push({ first: open.first, last: i - 1, label: open.label });
      open = undefined;
    }
    if (kind === 'B') open = { first: i, label };
    else if (kind === 'U') out.push({ first: i, last: i, label });
  });
  if (open !== undefined) {
    if (scheme === 'bilou') fail(tags.length - 1, `entity ${open.label} is not closed by L- at the sentence end`);
    out.push({ first: open.first, last: tags.length - 1, label: open.label });
  }
  return out;
}

/** Joins sentences of tokens into text (single spaces, newline between sentences), with token offsets. */
export function joinTokens(sentences: readonly (readonly string[])[]): { text: string; offsets: Array<Array<[number, number]>> } {
  let text = '';
  const offsets = sentences.map((sentence, si) => {
    if (si > 0) text += '\n';
    return sentence.map((tok, ti): [number, number] => {
      if (ti > 0) text += ' ';
      const start = text.length;
      text += tok;
      return [start, text.length];
    });
  });
  return { text, offsets };
}
