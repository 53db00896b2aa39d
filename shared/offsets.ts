// Offset conversion between UTF-16 code units (our internal unit, JavaScript string indices) and
// Unicode code points (what Python-facing formats use). start inclusive, end exclusive in both.

/** Maps UTF-16 offsets of one text to code point offsets and back, in O(log n) per lookup. */
export class OffsetMap {
  /** UTF-16 index of every astral (surrogate pair) character, ascending. */
  private readonly astral: number[] = [];
  readonly utf16Length: number;
  readonly codePointLength: number;

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          this.astral.push(i);
          i++;
        }
      }
    }
    this.utf16Length = text.length;
    this.codePointLength = text.length - this.astral.length;
  }

  /** Code point offset of a UTF-16 offset; throws if it splits a surrogate pair. */
  toCodePoint(utf16: number): number {
    const before = countBelow(this.astral, utf16);
    if (before > 0 && this.astral[before - 1] === utf16 - 1) {
      throw new RangeError(`offset ${utf16} splits a surrogate pair`);
    }
    return utf16 - before;
  }

  /** UTF-16 offset of a code point offset. */
  toUtf16(codePoint: number): number {
    // The k-th astral char at UTF-16 index a sits at code point a - k.
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.astral[mid] as number) - mid < codePoint) lo = mid + 1;
      else hi = mid;
    }
    return codePoint + lo;
  }
}

function countBelow(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when `i` falls between the two halves of a surrogate pair. */
export function splitsSurrogate(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  const a = text.charCodeAt(i - 1);
  const b = text.charCodeAt(i);
  return a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff;
}
