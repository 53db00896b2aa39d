// Undo and redo of this user's own edits (Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y).
//
// Why not Y.UndoManager: it restores the overwritten Yjs item verbatim. In a shared layer, undoing
// the deletion or relabelling of a collaborator's span would bring back a value whose `author` is
// the collaborator, which the hub refuses ("span author must be the user writing it"); the
// provider then drops the whole refused update. So history is kept as value-level before/after
// ops from LayerEditor, replayed through the same validated, re-stamped write path. An op whose
// entry someone else changed since is skipped rather than clobbering their work (the same
// outcome Y.UndoManager gives for items it does not own). Ops name keys, not Yjs items, so the
// history also survives the provider replacing the doc.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LayerEditor, Op, Value } from './edits.ts';

const LIMIT = 200;

/**
 * Something a step does outside the layer, undone and redone with it (a reviewer's "nothing here"
 * decision, which gold cannot hold: see client/review/cleared.ts). Each returns whether it did
 * anything: like an edit someone else changed since, it may find itself overtaken and do nothing.
 */
export interface SideEffect {
  undo(): boolean;
  redo(): boolean;
}

interface Entry {
  ops: Op[];
  side?: SideEffect;
}

export class HistoryController implements ReactiveController {
  private undoStack: Entry[] = [];
  private redoStack: Entry[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly editor: LayerEditor,
  ) {
    host.addController(this);
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Records a local edit (clears the redo stack, as every editor does). */
  record(ops: Op[], side?: SideEffect): void {
    if (ops.length === 0 && !side) return;
    this.undoStack.push(side ? { ops, side } : { ops });
    if (this.undoStack.length > LIMIT) this.undoStack.shift();
    this.redoStack = [];
    this.host.requestUpdate();
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
    this.host.requestUpdate();
  }

  /** Returns what happened, for the status line; null when there was nothing to undo. */
  undo(): string | null {
    return this.step(this.undoStack, this.redoStack, 'undo');
  }

  redo(): string | null {
    return this.step(this.redoStack, this.undoStack, 'redo');
  }

  private step(from: Entry[], to: Entry[], dir: 'undo' | 'redo'): string | null {
    const popped = from.pop();
    if (!popped) return null;
    const { ops: entry, side } = popped;
    const ordered = dir === 'undo' ? [...entry].reverse() : entry;
    const doable = ordered.filter((op) => same(this.editor.read(op.map, op.key), dir === 'undo' ? op.after : op.before));
    const writes = doable.map((op) => ({ map: op.map, key: op.key, before: dir === 'undo' ? op.after : op.before, after: dir === 'undo' ? op.before : op.after }));
    const r = writes.length ? this.editor.write(writes) : { ops: [] };
    this.host.requestUpdate();
    if ('error' in r) return `Could not ${dir}: ${r.error}`;
    // The side effect goes with the edits: not when every edit of the step was overtaken.
    const sideDone = side !== undefined && (entry.length === 0 || doable.length > 0) && (dir === 'undo' ? side.undo() : side.redo());
    // The entry on the other stack goes from what is there now back to what this step replaced.
    const done: Op[] = r.ops.map((w) => (dir === 'undo' ? { map: w.map, key: w.key, before: w.after, after: w.before } : w));
    const back = dir === 'undo' ? done.reverse() : done;
    if (back.length || sideDone) to.push(sideDone ? { ops: back, side } : { ops: back });
    const skipped = entry.length - doable.length;
    if (doable.length === 0 && !sideDone) return `Nothing to ${dir}: someone else changed it since.`;
    return skipped > 0 ? `${dir === 'undo' ? 'Undone' : 'Redone'}, except ${skipped} change(s) someone else edited since.` : `${dir === 'undo' ? 'Undone' : 'Redone'}.`;
  }

  hostConnected(): void {}
}

function same(a: Value, b: Value): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with sorted keys: a value read back from the doc may list its fields in another order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  ) ?? 'undefined';
}
