// Builds the DOM of one chunk: the chunk's text cut into pieces wherever a span starts or ends.
// Covered pieces are <span class="sp" data-s="ids"> whose classes (from LabelSheet) draw one
// underline band per nesting lane and a tint of the innermost label; the last piece of a span
// shows its label tag through CSS (::after, content: attr(data-tag)), so the DOM's text stays
// exactly the stored text. Every text node's offset into the article is recorded in `offsets`.
import { MAX_LANES, type LabelSheet } from './label-sheet.ts';

export interface PlacedSpan {
  id: string;
  start: number;
  end: number;
  label: string;
}

export interface ChunkOutput {
  /** Piece elements of each span in this chunk, in text order. */
  pieces: Map<string, HTMLElement[]>;
}


/** Greedy interval colouring: outer spans (earlier start, then longer) take the lower lanes. */
function lanes(spans: PlacedSpan[]): Map<string, number> {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1));
  const laneEnds: number[] = [];
  const out = new Map<string, number>();
  for (const s of sorted) {
    let lane = laneEnds.findIndex((e) => e <= s.start);
    if (lane < 0) lane = laneEnds.push(0) - 1;
    laneEnds[lane] = s.end;
    out.set(s.id, Math.min(lane, MAX_LANES - 1));
  }
  return out;
}

export function renderChunk(
  el: HTMLElement,
  text: string,
  chunkStart: number,
  chunkEnd: number,
  spans: PlacedSpan[],
  sheet: LabelSheet,
  offsets: WeakMap<Text, number>,
  classesOf: (id: string) => Iterable<string>,
): ChunkOutput {
  const pieces = new Map<string, HTMLElement[]>();
  const frag = document.createDocumentFragment();
  const cuts = new Set<number>([chunkStart, chunkEnd]);
  for (const s of spans) {
    cuts.add(Math.max(chunkStart, s.start));
    cuts.add(Math.min(chunkEnd, s.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const laneOf = lanes(spans);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const node = document.createTextNode(text.slice(a, b));
    offsets.set(node, a);
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    if (covering.length === 0) {
      frag.appendChild(node);
      continue;
    }
    const piece = document.createElement('span');
    const classes = paint(covering, laneOf, sheet);
    piece.setAttribute('data-s', covering.map((s) => s.id).join(' '));
    piece.appendChild(node);
    const ending = covering.filter((s) => s.end === b).sort((x, y) => x.end - x.start - (y.end - y.start));
    if (ending.length > 0) {
      piece.setAttribute('data-tag', ending.map((s) => s.label).join(' · '));
      classes.push(`t-${sheet.key(ending[0]!.label)}`);
    }
    for (const s of covering) {
      let list = pieces.get(s.id);
      if (!list) pieces.set(s.id, (list = []));
      list.push(piece);
      for (const c of classesOf(s.id)) classes.push(c);
    }
    piece.className = classes.join(' ');
    frag.appendChild(piece);
  }
  el.replaceChildren(frag);
  return { pieces };
}

/** Classes for a piece: its depth (padding for the bands), a band per lane, the innermost tint. */
function paint(covering: PlacedSpan[], laneOf: Map<string, number>, sheet: LabelSheet): string[] {
  let depth = 0;
  let innermost = covering[0]!;
  const classes = ['sp'];
  for (const s of covering) {
    const lane = laneOf.get(s.id)!;
    depth = Math.max(depth, lane + 1);
    if (s.end - s.start < innermost.end - innermost.start) innermost = s;
    classes.push(`u${lane}-${sheet.key(s.label)}`);
  }
  classes.push(`d${Math.min(depth, MAX_LANES)}`, `f-${sheet.key(innermost.label)}`);
  return classes;
}
