// The annotator's keyboard map, as data: a key press becomes a command or nothing. Kept apart
// from the view so the whole map reads in one place (and matches the help line).
export type CaretMove = { alter: 'move' | 'extend'; direction: 'left' | 'right' | 'backward' | 'forward'; granularity: 'character' | 'word' | 'line' | 'lineboundary' };

export type Command =
  | { kind: 'label'; label: string }
  | { kind: 'next' }
  | { kind: 'prev' }
  | { kind: 'delete' }
  | { kind: 'open' }
  | { kind: 'link' }
  | { kind: 'escape' }
  | { kind: 'caret'; move: CaretMove }
  | { kind: 'choose'; index: number };

export interface KeyContext {
  /** Hotkey → label name. */
  hotkeys: ReadonlyMap<string, string>;
  /** Focus is in the article text (caret keys only apply there). */
  inText: boolean;
  /** A relation type is being chosen: digits pick a type instead of a label. */
  choosing: boolean;
}

export function commandFor(e: KeyboardEvent, ctx: KeyContext): Command | null {
  if (e.altKey || e.metaKey || (e.ctrlKey && !e.key.startsWith('Arrow'))) return null;
  if (e.key === 'Escape') return { kind: 'escape' };
  if (ctx.choosing && /^[1-9]$/.test(e.key)) return { kind: 'choose', index: Number(e.key) - 1 };
  if (ctx.inText) {
    const move = caretMove(e);
    if (move) return { kind: 'caret', move };
    if (e.key === 'Enter') return { kind: 'open' };
    if (e.key === 'Delete' || e.key === 'Backspace') return { kind: 'delete' };
  }
  if (e.shiftKey && e.key.length === 1 && !/[A-Z]/.test(e.key)) return null;
  const label = ctx.hotkeys.get(e.key) ?? ctx.hotkeys.get(e.key.toLowerCase());
  if (label !== undefined && !e.shiftKey) return { kind: 'label', label };
  if (e.key === 'j') return { kind: 'next' };
  if (e.key === 'k') return { kind: 'prev' };
  if (e.key === 'r') return { kind: 'link' };
  return null;
}

function caretMove(e: KeyboardEvent): CaretMove | null {
  const alter = e.shiftKey ? 'extend' : 'move';
  switch (e.key) {
    case 'ArrowLeft':
      return { alter, direction: 'left', granularity: e.ctrlKey ? 'word' : 'character' };
    case 'ArrowRight':
      return { alter, direction: 'right', granularity: e.ctrlKey ? 'word' : 'character' };
    case 'ArrowUp':
      return { alter, direction: 'backward', granularity: 'line' };
    case 'ArrowDown':
      return { alter, direction: 'forward', granularity: 'line' };
    case 'Home':
      return { alter, direction: 'backward', granularity: 'lineboundary' };
    case 'End':
      return { alter, direction: 'forward', granularity: 'lineboundary' };
    default:
      return null;
  }
}
