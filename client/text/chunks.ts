// The article text cut into chunks: each ends after a line break, or at a space once a line grows
// long, so a change to one span re-renders a few hundred characters, not the whole article.
// Chunks tile the text exactly: chunk i is [starts[i], starts[i+1]).
import { splitsSurrogate } from '../../shared/offsets.ts';

export class Chunks {
  /** Start offset of each chunk, ascending; the last chunk ends at the text's end. */
  readonly starts: number[] = [];

  constructor(
    readonly text: string,
    maxLength = 600,
  ) {
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      end = end < 0 ? text.length : end + 1;
      if (end - start > maxLength) end = softBreak(text, start, maxLength);
      this.starts.push(start);
      start = end;
    }
    if (this.starts.length === 0) this.starts.push(0);
  }

  get count(): number {
    return this.starts.length;
  }

  start(i: number): number {
    return this.starts[i]!;
  }

  end(i: number): number {
    return i + 1 < this.starts.length ? this.starts[i + 1]! : this.text.length;
  }

  /** The chunk holding `offset` (the last chunk for the end of the text). */
  at(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Indices of the chunks that [start, end) touches. */
  covering(start: number, end: number): [number, number] {
    return [this.at(start), this.at(Math.max(start, end - 1))];
  }
}

/** Where to end a chunk that starts at `start` on a long line: after the last space in reach. */
function softBreak(text: string, start: number, maxLength: number): number {
  const limit = start + maxLength;
  const space = text.lastIndexOf(' ', limit);
  if (space > start + maxLength / 2) return space + 1;
  return splitsSurrogate(text, limit) ? limit + 1 : limit;
}
