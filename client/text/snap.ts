// Turns a raw selection into span offsets: optionally snapped out to whole words and trimmed of
// surrounding whitespace; never splitting a surrogate pair or leaving a combining mark behind.
import { splitsSurrogate } from '../../shared/offsets.ts';

const WINDOW = 128;
const isSpace = (c: string | undefined) => c !== undefined && /\s/u.test(c);
const isMark = (c: string | undefined) => c !== undefined && /\p{M}/u.test(c);

export function adjustSelection(text: string, start: number, end: number, snap: boolean): { start: number; end: number } | null {
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(start, Math.min(end, text.length));
  if (snap) {
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
    if (start === end) return null;
    [start, end] = toWords(text, start, end);
  }
  if (splitsSurrogate(text, start)) start--;
  if (splitsSurrogate(text, end)) end++;
  // A combining mark belongs to the character before it.
  while (start > 0 && isMark(text[start])) start--;
  while (end < text.length && isMark(text[end])) end++;
  return start < end ? { start, end } : null;
}

function toWords(text: string, start: number, end: number): [number, number] {
  const from = Math.max(0, start - WINDOW);
  const to = Math.min(text.length, end + WINDOW);
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
  let s = start;
  let e = end;
  for (const seg of segmenter.segment(text.slice(from, to))) {
    if (!seg.isWordLike) continue;
    const a = from + seg.index;
    const b = a + seg.segment.length;
    if (a < start && start < b) s = a;
    if (a < end && end < b) e = b;
  }
  return [s, e];
}
