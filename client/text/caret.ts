// Keyboard selection in non-editable text: the browser's own Selection.modify moves and extends
// the selection (by character, word, line; visual left/right in RTL runs), starting from a caret
// offset we keep, since a collapsed selection in non-editable text is invisible and easily lost.
import type { CaretMove } from './text-keys.ts';
import type { PlacedSpan } from './render-chunk.ts';
import type { TextRenderer } from './text-renderer.ts';

/**
 * Applies a caret key to the document selection and returns the new caret offset. `leaving` is
 * the span that had focus: leaving it behaves like collapsing a selection (the caret lands on its
 * edge in the direction of travel, and a plain arrow goes no further).
 */
export function moveCaret(r: TextRenderer, sel: Selection, caret: number, move: CaretMove, leaving: PlacedSpan | undefined): number {
  const forward = move.direction === 'right' || move.direction === 'forward';
  if (leaving) caret = forward ? leaving.end : leaving.start;
  if (leaving || !r.selection()) {
    const p = r.offsets.toPoint(caret);
    if (p) sel.collapse(p.node, p.offset);
  }
  if (!(leaving && move.alter === 'move' && move.granularity === 'character')) sel.modify(move.alter, move.direction, move.granularity);
  return sel.focusNode ? r.offsets.toOffset(sel.focusNode, sel.focusOffset) : caret;
}

/** The span after (by = 1) or before (-1) the focused one, or the first one after the caret. */
export function neighbour(order: PlacedSpan[], focusedId: string | null, caret: number, by: 1 | -1): PlacedSpan | undefined {
  let i = focusedId ? order.findIndex((s) => s.id === focusedId) : -1;
  if (i >= 0) i += by;
  else i = by > 0 ? order.findIndex((s) => s.start >= caret) : order.findLastIndex((s) => s.start < caret);
  return order[i];
}

/** Where a popover for span `id` goes: under its first piece, inside `frame` (absolute px). */
export function anchorUnder(r: TextRenderer, id: string, frame: Element, width = 330): { top: string; left: string } | null {
  const piece = r.pieces(id)[0];
  if (!piece) return null;
  const p = piece.getClientRects()[0] ?? piece.getBoundingClientRect();
  const f = frame.getBoundingClientRect();
  const left = Math.max(0, Math.min(p.left - f.left, f.width - width));
  return { top: `${p.bottom - f.top + 8}px`, left: `${left}px` };
}

/** The other spans sharing any piece with span `id` (nested or overlapping ones). */
export function spansAround(r: TextRenderer, id: string): PlacedSpan[] {
  const ids = new Set(r.pieces(id).flatMap((p) => (p.dataset.s ?? '').split(' ')));
  ids.delete(id);
  return [...ids].filter((o) => r.has(o)).map((o) => r.span(o)!);
}
