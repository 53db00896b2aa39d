// What every reader shares: decoding input (UTF-8, no NUL, not empty), JSON Lines with line
// numbers, and validating offsets read from a file before converting them to UTF-16.
import { splitsSurrogate } from '../offsets.ts';
import { preview } from './common.ts';
import type { TargetUnit, TextView } from './common.ts';
import { FormatError } from './types.ts';

/** 1-based line of a UTF-16 index. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Byte offset of the first invalid UTF-8 sequence, or -1 (overlongs and surrogates are invalid). */
function invalidUtf8At(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= b.length) return i;
    const c1 = b[i + 1] as number;
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= n; k++) {
      const ck = b[i + k] as number;
      if (ck < 0x80 || ck > 0xbf) return i;
    }
    i += n + 1;
  }
  return -1;
}

/**
 * Input as text: bytes must be UTF-8 (a leading BOM is dropped), and an empty file or one with a
 * NUL character (a binary file) is rejected with the line where the problem is.
 */
export function decodeInput(input: string | Uint8Array, file?: string): string {
  let text: string;
  if (typeof input === 'string') {
    text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  } else {
    const bad = invalidUtf8At(input);
    if (bad >= 0) {
      let line = 1;
      for (let i = 0; i < bad; i++) if (input[i] === 0x0a) line++;
      const byte = (input[bad] as number).toString(16).padStart(2, '0');
      throw new FormatError(line, `not UTF-8 text (byte 0x${byte} at offset ${bad}): a binary file?`, file);
    }
    text = new TextDecoder('utf-8').decode(input);
  }
  if (text.length === 0) throw new FormatError(1, 'empty file', file);
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw new FormatError(lineAt(text, nul), 'binary file: contains a NUL character', file);
  return text;
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A non-empty string field, or a FormatError naming it. */
export function requireString(v: unknown, what: string, line: number, file?: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new FormatError(line, `${what} must be a non-empty string`, file);
  return v;
}

/**
 * Validates offsets read from a file (in `unit`) and converts them to UTF-16; checks the quote
 * when the file gave one. Errors say which rule failed: integers, start < end, inside the text.
 */
export function importRange(
  view: TextView,
  start: unknown,
  end: unknown,
  unit: TargetUnit,
  line: number,
  quote?: unknown,
  file?: string,
): { start: number; end: number } {
  const err = (why: string): FormatError => new FormatError(line, why, file);
  if (typeof start !== 'number' || !Number.isInteger(start)) throw err(`start offset ${JSON.stringify(start)} is not an integer`);
  if (typeof end !== 'number' || !Number.isInteger(end)) throw err(`end offset ${JSON.stringify(end)} is not an integer`);
  if (start >= end) throw err(`start ${start} ≥ end ${end}`);
  const length = unit === 'utf16' ? view.text.length : view.map.codePointLength;
  const what = unit === 'utf16' ? 'UTF-16 units' : 'code points';
  if (start < 0 || end > length) throw err(`offsets [${start}, ${end}) outside the text (${length} ${what})`);
  const s = unit === 'utf16' ? start : view.map.toUtf16(start);
  const e = unit === 'utf16' ? end : view.map.toUtf16(end);
  for (const i of [s, e]) if (splitsSurrogate(view.text, i)) throw err(`offset ${i} splits a surrogate pair`);
  if (quote !== undefined && quote !== null) {
    const actual = view.text.slice(s, e);
    if (typeof quote !== 'string') throw err('quote must be a string');
    if (quote !== actual) throw err(`quote mismatch: offsets [${start}, ${end}) select ${preview(actual)} but the quote is ${preview(quote)}`);
  }
  return { start: s, end: e };
}

/** Non-blank lines of a JSON Lines text, each parsed, with its 1-based line number. */
export function* jsonLines(text: string, file?: string): Generator<{ line: number; value: Record<string, unknown> }> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).replace(/\r$/, '');
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new FormatError(i + 1, `bad JSON: ${(e as Error).message}`, file);
    }
    if (!isRecord(value)) throw new FormatError(i + 1, 'each line must be a JSON object', file);
    yield { line: i + 1, value };
  }
}

/** Document labels: an object whose values are arrays of strings. */
export function readDocLabels(v: unknown, line: number, file?: string): Record<string, string[]> {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw new FormatError(line, 'document labels must be an object of string arrays', file);
  const out: Record<string, string[]> = {};
  for (const [k, values] of Object.entries(v)) {
    if (!Array.isArray(values) || !values.every((x) => typeof x === 'string')) {
      throw new FormatError(line, `document label set ${JSON.stringify(k)} must be an array of strings`, file);
    }
    out[k] = values as string[];
  }
  return out;
}
