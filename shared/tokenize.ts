// The one tokenizer of Tagteam (CoNLL/IOB export, Hugging Face export, token-level agreement).
// Rule: Unicode word segmentation (UAX #29, via Intl.Segmenter with the root locale); every
// segment that is not pure whitespace is a token. So words, numbers and each punctuation mark are
// tokens, an emoji ZWJ sequence or flag is one token, and CJK runs split by ICU's dictionary.
// A segment that holds whitespace inside (a combining mark after a space, a BOM between letters)
// is split at that whitespace, so no token ever contains whitespace.

export interface Token {
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  text: string;
}

/**
 * Revision of the rule above. Token offsets are stored per document (db `document_tokens`) under
 * tokenizerId(); bump this when the rule changes, so offsets stored by the old rule are recomputed.
 */
export const TOKENIZER_REVISION = 1;

/**
 * Names what produced a set of token offsets: the rule's revision and the ICU and Unicode data
 * Intl.Segmenter segments with (a runtime upgrade can move word boundaries).
 */
export function tokenizerId(): string {
  const v = (globalThis as { process?: { versions?: Record<string, string | undefined> } }).process?.versions;
  return `uax29-words/${TOKENIZER_REVISION} icu/${v?.icu ?? 'unknown'} unicode/${v?.unicode ?? 'unknown'}`;
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
const WHITESPACE = /^[\s\uFEFF]+$/u;
const HAS_SPACE = /[\s\uFEFF]/u;
const NON_SPACE = /[^\s\uFEFF]+/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const s of segmenter.segment(text)) {
    if (WHITESPACE.test(s.segment)) continue;
    if (!HAS_SPACE.test(s.segment)) {
      out.push({ start: s.index, end: s.index + s.segment.length, text: s.segment });
      continue;
    }
    for (const m of s.segment.matchAll(NON_SPACE)) out.push({ start: s.index + m.index, end: s.index + m.index + m[0].length, text: m[0] });
  }
  return out;
}
