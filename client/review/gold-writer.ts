// Writes reviewer decisions into the gold layer: one accepted version, or every agreed item at
// once. Each action is one Yjs transaction (one update on the wire, one undo step) through the
// annotator's LayerEditor, so values are validated like any edit and carry the reviewer as author.
import type { Disagreement } from '../../shared/agreement/disagreements.ts';
import type { LayerController } from '../annotate/layer.controller.ts';
import type { LayerEditor, Op } from '../annotate/edits.ts';
import type { HistoryController } from '../annotate/history.controller.ts';
import { hasDecision, sameKey, snapshotGold, versionIsEmpty } from './adjudication.ts';
import { acceptOps } from './decisions.ts';
import type { ClearedItems } from './cleared.ts';

export type WriteOutcome = { ok: true; changed: number } | { ok: false; error: string };

export class GoldWriter {
  constructor(
    private readonly layer: LayerController,
    private readonly editor: LayerEditor,
    private readonly history: HistoryController,
    private readonly cleared: ClearedItems,
    private readonly userId: () => string,
  ) {}

  /** Makes gold hold annotator `who`'s version of `item` (nothing, when their version is empty). */
  accept(item: Disagreement, who: string): WriteOutcome {
    const before = snapshotGold(this.layer.doc);
    const ops = acceptOps(item, who, before, this.userId());
    let written: Op[] = [];
    if (ops.length > 0) {
      const r = this.editor.write(ops);
      if ('error' in r) return { ok: false, error: r.error };
      written = r.ops;
    }
    // An empty version is "nothing here", which gold cannot show: the decision is kept beside it,
    // and undone and redone with the gold edits of the same step. `had`: ours, or another
    // reviewer's while gold held nothing there (so undoing a step that repeated theirs does not
    // withdraw it; a decision they publish that gold had overtaken does not count).
    const had = this.cleared.own.includes(item.id) || (this.cleared.set.has(item.id) && !hasDecision(item, before, new Set()));
    const now = versionIsEmpty(item, who);
    this.cleared.decide(item.id, now);
    const side = had === now ? undefined : { undo: () => this.setCleared(item, had), redo: () => this.setCleared(item, now) };
    this.history.record(written, side);
    return { ok: true, changed: written.length };
  }

  /**
   * An undo or redo of a "nothing here" decision. Overtaken (does nothing) when gold holds
   * something for the item by now: someone decided it otherwise since.
   */
  private setCleared(item: Disagreement, on: boolean): boolean {
    if (on && hasDecision(item, snapshotGold(this.layer.doc), new Set())) return false;
    this.cleared.decide(item.id, on);
    return true;
  }

  /**
   * Copies every agreed item gold has no decision for yet, in one transaction: spans before the
   * relations between them (the items' order), each write seeing the ones before it. Returns how
   * many were copied, the errors, and the agreed relations left waiting for their spans.
   */
  acceptUnanimous(items: readonly Disagreement[]): { accepted: number; failed: string[]; waiting: number } {
    const doc = this.layer.doc;
    const all: Op[] = [];
    const failed: string[] = [];
    let accepted = 0;
    let waiting = 0;
    doc.transact(() => {
      for (const item of items) {
        if (item.kind !== 'unanimous') continue;
        const gold = snapshotGold(doc);
        if (hasDecision(item, gold, this.cleared.set)) continue;
        // An agreed relation whose spans sit in a disputed cluster waits until that dispute is
        // decided: copying it would put its spans into gold and quietly decide the dispute.
        if (item.target === 'relation' && !(gold.spans.some(([, v]) => sameKey(v, item.from)) && gold.spans.some(([, v]) => sameKey(v, item.to)))) {
          waiting++;
          continue;
        }
        const who = Object.keys(item.versions)[0];
        if (who === undefined) continue;
        const ops = acceptOps(item, who, gold, this.userId());
        if (ops.length === 0) continue;
        const r = this.editor.write(ops);
        if ('error' in r) failed.push(r.error);
        else {
          all.push(...r.ops);
          accepted++;
        }
      }
    }, this.layer.origin);
    this.history.record(all);
    return { accepted, failed, waiting };
  }
}
