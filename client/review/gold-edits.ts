// Applies the annotator's editing intents (events from <tt-text-view>) to gold, through the same
// LayerEditor and undo history as accepted versions.
import type { LayerEditor, EditResult } from '../annotate/edits.ts';
import type { HistoryController } from '../annotate/history.controller.ts';

export const GOLD_EDIT_EVENTS = ['tt-create', 'tt-relabel', 'tt-note', 'tt-delete', 'tt-relate', 'tt-selection'] as const;

interface Detail {
  id: string;
  start: number;
  end: number;
  label: string;
  note: string;
  from: string;
  to: string;
  type: string;
}

/** Writes the edit; returns what went wrong, or null. */
export function editGold(editor: LayerEditor, history: HistoryController, e: CustomEvent<unknown>): string | null {
  const d = e.detail as Partial<Detail>;
  let r: EditResult;
  let what: string;
  switch (e.type) {
    case 'tt-create':
      r = editor.createSpan(d.start!, d.end!, d.label!);
      what = 'create the span';
      break;
    case 'tt-relabel':
      r = editor.updateSpan(d.id!, { label: d.label! });
      what = 'change the label';
      break;
    case 'tt-note':
      r = editor.updateSpan(d.id!, { note: d.note! });
      what = 'save the note';
      break;
    case 'tt-delete':
      r = editor.deleteSpan(d.id!);
      what = 'delete the span';
      break;
    case 'tt-relate':
      r = editor.addRelation(d.from!, d.to!, d.type!);
      what = 'add the relation';
      break;
    default:
      return null;
  }
  if ('error' in r) return `Could not ${what}: ${r.error}.`;
  history.record(r.ops);
  return null;
}
