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
 * (tokenize() already splits there, so this is tokenize() itself; the split stays as a guard.)
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

/**
 * A text's tokens as one flat array of UTF-16 offsets, start and end of each token in turn, in text
 * order: what is stored per document (texts never change) so an export need not segment again.
 */
export type TokenOffsets = Uint32Array;

/** columnTokens(text) as token offsets. */
export function tokenOffsets(text: string): TokenOffsets {
  const tokens = columnTokens(text);
  const out = new Uint32Array(tokens.length * 2);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    out[2 * i] = t.start;
    out[2 * i + 1] = t.end;
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Token offsets as bytes for storage: little-endian uint32, start and end of each token in turn. */
export function encodeTokenOffsets(offsets: TokenOffsets): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength);
  const out = new Uint8Array(offsets.byteLength);
  const view = new DataView(out.buffer);
  offsets.forEach((x, i) => view.setUint32(4 * i, x, true));
  return out;
}

/**
 * Stored bytes back to token offsets for a text of `textLength` UTF-16 units (a view, no copy, when
 * aligned). Undefined when they cannot be a tokenization of such a text (truncated, unordered,
 * empty or overlapping tokens, past the end): the caller tokenizes again instead.
 */
export function decodeTokenOffsets(bytes: Uint8Array, textLength: number): TokenOffsets | undefined {
  if (bytes.byteLength % 8 !== 0) return undefined;
  let offsets: Uint32Array;
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) offsets = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  else {
    offsets = new Uint32Array(bytes.byteLength / 4);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < offsets.length; i++) offsets[i] = view.getUint32(4 * i, true);
  }
  let previousEnd = 0;
  for (let i = 0; i < offsets.length; i += 2) {
    const start = offsets[i] as number;
    const end = offsets[i + 1] as number;
    if (start < previousEnd || end <= start || end > textLength) return undefined;
    previousEnd = end;
  }
  return offsets;
}

/** Index of the token starting (`at` = 0) or ending (`at` = 1) exactly at `pos`, or -1. */
function tokenAt(offsets: TokenOffsets, pos: number, at: 0 | 1): number {
  let lo = 0;
  let hi = offsets.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = offsets[2 * mid + at] as number;
    if (x === pos) return mid;
    if (x < pos) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

const FINAL = new Set(['.', '!', '?', '。', '！', '？']);
const FINAL_CODES = new Set([...FINAL].map((c) => c.charCodeAt(0)));
const UPPER_START = /^\p{Lu}/u;

/** True when text[from, to) holds a line break: \n \r VT FF NEL LS PS. */
function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0x85 || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

interface Candidate {
  index: number;
  first: number;
  last: number;
  label: string;
}

/** One set's tags on a text's tokens: a tag per token, and where each sentence ends. */
export interface TokenTags {
  /** The tokens (see TokenOffsets). */
  offsets: TokenOffsets;
  /** Per token: O, B-X, I-X (BILOU: also L-X, U-X). Equal tags are the same string. */
  tags: string[];
  /** Per sentence, the index after its last token; ascending, the last one is the token count. */
  ends: number[];
}

/**
 * Tags one annotation set's spans onto the text's tokens and splits the tokens into sentences.
 * A sentence ends at every line break and (in 'punctuation' mode) after . ! ? 。！？ followed by
 * whitespace and a token starting with an uppercase letter; never inside an entity. Spans whose
 * ends are not token boundaries, and spans overlapping a longer kept one, go to `warnings`.
 * `offsets` are the text's tokens when known (stored), else tokenOffsets(view.text).
 */
export function tagTokens(
  view: TextView,
  docId: string,
  set: ExportSet,
  scheme: TagScheme,
  split: SentenceSplit,
  warnings: ExportWarning[],
  offsets: TokenOffsets = tokenOffsets(view.text),
): TokenTags {
  const text = view.text;
  const n = offsets.length >> 1;
  const warn = (i: number, message: string): void => {
    const s = set.spans[i];
    if (s === undefined) return;
    warnings.push({ docId, annotator: set.annotator, spanId: s.id, start: s.start, end: s.end, quote: text.slice(s.start, s.end), message });
  };
  const candidates: Candidate[] = [];
  set.spans.forEach((span, index) => {
    project(view, span, 'utf16', docId); // validates offsets and any stored quote; throws if wrong
    const first = tokenAt(offsets, span.start, 0);
    const last = tokenAt(offsets, span.end, 1);
    if (first < 0 || last < 0 || last < first) {
      warn(index, 'span does not align with token boundaries; left out of the token tags');
    } else candidates.push({ index, first, last, label: span.label });
  });
  // Outermost/longest first; ties go to the earlier span, then to the earlier-listed one.
  const len = (c: Candidate): number => (set.spans[c.index]?.end ?? 0) - (set.spans[c.index]?.start ?? 0);
  candidates.sort((a, b) => len(b) - len(a) || a.first - b.first || a.index - b.index);
  const owner = new Int32Array(n).fill(-1);
  const tags = new Array<string>(n).fill('O');
  const names = new Map<string, Record<string, string>>();
  for (const c of candidates) {
    let clash = -1;
    for (let t = c.first; t <= c.last && clash < 0; t++) clash = owner[t] as number;
    if (clash >= 0) {
      const other = set.spans[clash];
      warn(c.index, `span overlaps the longer span ${other?.id ?? ''} ${preview(other === undefined ? '' : text.slice(other.start, other.end))}; dropped`);
      continue;
    }
    let name = names.get(c.label);
    if (name === undefined) {
      name = { B: `B-${c.label}`, I: `I-${c.label}`, L: `L-${c.label}`, U: `U-${c.label}` };
      names.set(c.label, name);
    }
    for (let t = c.first; t <= c.last; t++) {
      owner[t] = c.index;
      const single = c.first === c.last;
      const prefix = scheme === 'iob2' ? (t === c.first ? 'B' : 'I') : single ? 'U' : t === c.first ? 'B' : t === c.last ? 'L' : 'I';
      tags[t] = name[prefix] as string;
    }
  }
  const ends: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    const end = offsets[2 * i + 1] as number;
    const next = offsets[2 * i + 2] as number;
    if (owner[i] !== -1 && owner[i] === owner[i + 1]) continue; // never inside an entity
    if (hasLineBreak(text, end, next)) ends.push(i + 1);
    else if (
      split === 'punctuation' &&
      next > end &&
      end - (offsets[2 * i] as number) === 1 &&
      FINAL_CODES.has(text.charCodeAt(end - 1)) &&
      UPPER_START.test(text.slice(next, offsets[2 * i + 3] as number))
    ) {
      ends.push(i + 1);
    }
  }
  if (n > 0) ends.push(n);
  return { offsets, tags, ends };
}

/** tagTokens() as sentences of tokens with their text and tag. */
export function tagSentences(
  view: TextView,
  docId: string,
  set: ExportSet,
  scheme: TagScheme,
  split: SentenceSplit,
  warnings: ExportWarning[],
  offsets?: TokenOffsets,
): TaggedToken[][] {
  const { tags, ends, offsets: o } = tagTokens(view, docId, set, scheme, split, warnings, offsets);
  const sentences: TaggedToken[][] = [];
  let i = 0;
  for (const end of ends) {
    const sentence: TaggedToken[] = [];
    for (; i < end; i++) {
      const start = o[2 * i] as number;
      const stop = o[2 * i + 1] as number;
      sentence.push({ start, end: stop, text: view.text.slice(start, stop), tag: tags[i] as string });
    }
    sentences.push(sentence);
  }
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
