// Items a reviewer decided hold nothing in gold ("no entity here", "no relation", "no label").
// Gold cannot store an absence, so the server keeps these decisions beside it: `PUT` / `DELETE
// /api/documents/:did/review/cleared/:itemId`, listed in the review data and in every answer.
// A decision counts here at once (before the server answers) and reaches the other reviewers
// present through awareness; each publishes only what the server told them and their own
// decisions in flight, never what they heard from others, so a withdrawn decision fades out with
// the next refresh instead of echoing between browsers. A refused request undoes the decision
// here and says so.
import type { ClearedItems as ClearedAnswer } from '../../shared/api.ts';
import { api, ApiError } from '../api/http.ts';

const MAX_IDS = 5000;

export class ClearedItems {
  private documentId: string | null = null;
  /** The server's list, from the review data or the latest answer to one of our requests. */
  private server = new Set<string>();
  /** What the other reviewers present publish. */
  private peers = new Set<string>();
  /** Our decisions the server has not answered yet: id → [on, request number]. */
  private pending = new Map<string, [boolean, number]>();
  private requests = 0;
  private applied = 0;
  private view = new Set<string>();
  /** A decision the server refused (it is undone here); the message says why. */
  onRefused: (message: string) => void = () => undefined;
  /** The set changed without a call from the view (an answer, a refusal). */
  onChange: () => void = () => undefined;

  /** Every item that counts as decided "nothing here". */
  get set(): ReadonlySet<string> {
    return this.view;
  }

  /** What to publish to the other reviewers: the server's list and our decisions in flight. */
  get own(): string[] {
    const out = new Set(this.server);
    for (const [id, [on]] of this.pending) on ? out.add(id) : out.delete(id);
    return [...out];
  }

  /** A document opened: its decisions as the review data lists them. */
  reset(documentId: string, fromServer: readonly string[]): void {
    this.documentId = documentId;
    this.server = new Set(fromServer);
    this.peers = new Set();
    this.pending = new Map();
    this.applied = this.requests;
    this.recompute();
  }

  /** The review data was read again: the server's list is the truth, our requests in flight aside. */
  fromServer(list: readonly string[]): boolean {
    if (this.pending.size > 0) return false; // an answer on its way will carry a newer list
    this.server = new Set(list);
    return this.recompute();
  }

  /** The other reviewers' published decisions (untrusted: display only, bounded). */
  fromPeers(lists: ReadonlyArray<readonly string[]>): boolean {
    const peers = new Set<string>();
    for (const list of lists) for (const id of list) if (typeof id === 'string' && id.length <= 300 && peers.size < MAX_IDS) peers.add(id);
    this.peers = peers;
    return this.recompute();
  }

  /** Records (`on`) or withdraws our decision on `itemId`: counts at once, then asks the server. */
  decide(itemId: string, on: boolean): void {
    const documentId = this.documentId;
    if (!documentId) return;
    if (!on && !this.view.has(itemId) && !this.pending.has(itemId)) return; // nothing to withdraw
    const n = ++this.requests;
    this.pending.set(itemId, [on, n]);
    this.recompute();
    const path = `/api/documents/${encodeURIComponent(documentId)}/review/cleared/${encodeURIComponent(itemId)}`;
    (on ? api.put<ClearedAnswer>(path) : api.delete<ClearedAnswer>(path)).then(
      (answer) => this.answered(documentId, itemId, n, answer.cleared),
      (e: unknown) => {
        if (this.documentId !== documentId) return;
        if (this.pending.get(itemId)?.[1] === n) this.pending.delete(itemId);
        this.recompute();
        this.onChange();
        const why = e instanceof ApiError ? e.userMessage : String(e);
        this.onRefused(on ? `Could not save "nothing here" for this item: ${why}` : `Could not withdraw the "nothing here" decision: ${why}`);
      },
    );
  }

  private answered(documentId: string, itemId: string, n: number, list: string[]): void {
    if (this.documentId !== documentId) return;
    if (this.pending.get(itemId)?.[1] === n) this.pending.delete(itemId);
    // Answers may arrive out of order: a later request's list is newer than an earlier one's.
    if (n > this.applied) {
      this.applied = n;
      this.server = new Set(list);
    }
    if (this.recompute()) this.onChange();
  }

  /** Returns whether the set changed. */
  private recompute(): boolean {
    const next = new Set([...this.server, ...this.peers]);
    for (const [id, [on]] of this.pending) on ? next.add(id) : next.delete(id);
    const changed = next.size !== this.view.size || [...next].some((id) => !this.view.has(id));
    this.view = next;
    return changed;
  }
}
