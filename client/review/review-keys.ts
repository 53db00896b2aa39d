// The review view's keyboard map. Adjudicating: n / p move between disputes, 1…k accept annotator
// k's version, a accepts every agreed item, g edits gold. Editing gold: keys go to the annotator's
// text view (labels, j/k, Enter, Del, r); g, or an Esc nothing else wanted, comes back.
// Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y) undo and redo in both modes.
import type { TtAdjudicate } from './tt-adjudicate.ts';
import { acceptUnanimous, acceptVersion, step } from './review-actions.ts';

export function reviewKey(view: TtAdjudicate, e: KeyboardEvent): void {
  if (e.defaultPrevented || !view.review) return;
  const t = e.target as HTMLElement;
  if (t !== document.body && t.closest?.('input, textarea, select, [contenteditable]')) return;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && !e.altKey && (key === 'z' || key === 'y')) {
    e.preventDefault();
    if (!view.guard()) return;
    const msg = key === 'y' || e.shiftKey ? view.history.redo() : view.history.undo();
    if (msg) view.say(msg);
    return;
  }
  if (mod || e.altKey) return;
  if (view.editing) {
    if (e.key === 'g') {
      e.preventDefault();
      view.toggleEditing(false);
    } else if (view.goldEditor?.handleKey(e)) e.preventDefault();
    else if (e.key === 'Escape') view.toggleEditing(false);
    return;
  }
  // Buttons and links keep Enter and Space; the review keys are letters and digits.
  if (e.key === 'n' || e.key === 'p') {
    e.preventDefault();
    step(view, e.key === 'n' ? 1 : -1);
  } else if (/^[1-9]$/.test(e.key)) {
    const i = Number(e.key) - 1;
    if (i >= view.review.annotators.length) return view.say(`There are ${view.review.annotators.length} annotators: keys 1–${view.review.annotators.length}.`);
    e.preventDefault();
    acceptVersion(view, i);
  } else if (e.key === 'a') {
    e.preventDefault();
    acceptUnanimous(view);
  } else if (e.key === 'g') {
    e.preventDefault();
    view.toggleEditing(true);
  }
}
