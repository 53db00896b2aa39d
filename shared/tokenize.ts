// The one tokenizer of Tagteam (CoNLL/IOB export, Hugging Face export, token-level agreement).
// Rule: Unicode word segmentation (UAX #29, via Intl.Segmenter with the root locale); every
// segment that is not pure whitespace is a token. So words, numbers and each punctuation mark are
// tokens, an emoji ZWJ sequence or flag is one token, and CJK runs split by ICU's dictionary.

export interface Token {
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  text: string;
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
const WHITESPACE = /^\s+$/u;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const s of segmenter.segment(text)) {
    if (WHITESPACE.test(s.segment)) continue;
    out.push({ start: s.index, end: s.index + s.segment.length, text: s.segment });
  }
  return out;
}
