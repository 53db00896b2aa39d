// DOM positions ↔ UTF-16 offsets into the stored text. Offsets come from the offset recorded for
// each rendered text node (never from innerText, which normalises line ends and whitespace), so
// emoji, combining marks, RTL runs and CRLF line ends map exactly.
import type { Chunks } from './chunks.ts';

export interface DomPoint {
  node: Text;
  offset: number;
}

export class DomOffsets {
  /** Text node → offset of its first code unit in the article. */
  readonly nodes = new WeakMap<Text, number>();

  constructor(
    private readonly root: HTMLElement,
    private readonly chunks: Chunks,
    private readonly chunkEl: (i: number) => HTMLElement,
  ) {}

  /** The article offset of a DOM boundary point; points outside the text clamp to its ends. */
  toOffset(node: Node, offset: number): number {
    if (node instanceof Text) {
      const base = this.nodes.get(node);
      if (base !== undefined && this.root.contains(node)) return base + Math.min(offset, node.length);
    }
    const all = document.createRange();
    all.selectNodeContents(this.root);
    const where = all.comparePoint(node, offset);
    if (where < 0) return 0;
    if (where > 0) return this.chunks.text.length;
    // Inside the text but on an element boundary: find the chunk, then the first text node after.
    let lo = 0;
    let hi = this.chunks.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const r = document.createRange();
      r.setStartBefore(this.chunkEl(mid));
      if (r.comparePoint(node, offset) >= 0) lo = mid;
      else hi = mid - 1;
    }
    for (const t of textNodes(this.chunkEl(lo))) {
      const r = document.createRange();
      r.selectNode(t);
      if (r.comparePoint(node, offset) <= 0) return this.nodes.get(t) ?? this.chunks.start(lo);
    }
    return this.chunks.end(lo);
  }

  /**
   * A DOM point for an article offset. At a boundary between two text nodes, `start` affinity
   * picks the later node (a range starting there does not reach back) and `end` the earlier one.
   */
  toPoint(offset: number, affinity: 'start' | 'end' = 'start'): DomPoint | null {
    const i = this.chunks.at(affinity === 'end' && offset > 0 ? offset - 1 : offset);
    let last: DomPoint | null = null;
    for (const t of textNodes(this.chunkEl(i))) {
      const base = this.nodes.get(t);
      if (base === undefined) continue;
      const end = base + t.length;
      if (offset < base) break;
      if (offset < end || (offset === end && affinity === 'end')) return { node: t, offset: offset - base };
      last = { node: t, offset: t.length };
    }
    return last;
  }

  /** A DOM range for [start, end), or null when the text is not rendered. */
  range(start: number, end: number): Range | null {
    const a = this.toPoint(start, 'start');
    const b = this.toPoint(end, 'end');
    if (!a || !b) return null;
    const r = document.createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
    return r;
  }
}

function* textNodes(el: HTMLElement): Generator<Text> {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) yield n as Text;
}
