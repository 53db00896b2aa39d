// Items a reviewer decided hold nothing in gold ("no entity here", "no relation", "no label").
// Gold cannot store an absence, so the server keeps these decisions beside it: `PUT` / `DELETE
// /api/documents/:did/review/cleared/:itemId`, listed in the review data and in every answer.
// A decision counts here at once (before the server answers) and reaches the other reviewers
// present through awareness; each publishes only what the server told them and their own
// decisions in flight, never what they heard from others, and publishes again whenever that
// changes, so a withdrawn or lapsed decision fades out with the next refresh instead of echoing
// between browsers. A refused request undoes the decision here and says so.
import type { ClearedItems as ClearedAnswer } from '../../shared/api.ts';
import { api, ApiError } from '../api/http.ts';
import { MAX_ITEM_ID } from '../../shared/agreement/disagreements.ts';

const MAX_IDS = 5000;

export class ClearedItems {
  private documentId: string | null = null;
  /** The server's list, from the review data or the latest answer to one of our requests. */
  private server = new Set<string>();
  /** What the other reviewers present publish. */
  private peers = new Set<string>();
  /** Our decisions the server has not answered yet: id → [on, request number]. */
  private pending = new Map<string, [boolean, number]>();
  /** Requests for one item go one after another, so the server saves them in the order made. */
  private chains = new Map<string, Promise<void>>();
  private requests = 0;
  private applied = 0;
  private view = new Set<string>();
  private published = '';
  /** A decision the server refused (it is undone here); the message says why. */
  onRefused: (message: string) => void = () => undefined;
  /** What counts as decided changed, or what this reviewer publishes (`own`) did. */
  onChange: () => void = () => undefined;

  /** Every item that counts as decided "nothing here". */
  get set(): ReadonlySet<string> {
    return this.view;
  }

  /** What to publish to the other reviewers: the server's list and our decisions in flight. */
  get own(): string[] {
    const out = new Set(this.server);
    for (const [id, [on]] of this.pending) on ? out.add(id) : out.delete(id);
    return [...out].sort();
  }

  /** How many requests were made so far: pass it to `fromServer` with a list read after this. */
  get mark(): number {
    return this.requests;
  }

  /** A document opened: its decisions as the review data lists them. */
  reset(documentId: string, fromServer: readonly string[]): void {
    this.documentId = documentId;
    this.server = new Set(fromServer);
    this.peers = new Set();
    this.pending = new Map();
    this.chains = new Map();
    this.applied = this.requests;
    this.update(false);
  }

  /**
   * The review data was read again, starting when `mark` was `mark`: the server's list is the
   * truth, unless a request of ours was made since (the read may predate what it saved; its answer
   * carries a newer list).
   */
  fromServer(list: readonly string[], mark: number): void {
    if (this.pending.size > 0 || mark !== this.requests) return;
    this.server = new Set(list);
    this.update();
  }

  /** The other reviewers' published decisions (untrusted: display only, bounded). */
  fromPeers(lists: ReadonlyArray<readonly string[]>): void {
    const peers = new Set<string>();
    for (const list of lists) for (const id of list) if (typeof id === 'string' && id.length <= MAX_ITEM_ID && peers.size < MAX_IDS) peers.add(id);
    this.peers = peers;
    this.update();
  }

  /** Records (`on`) or withdraws our decision on `itemId`: counts at once, then asks the server. */
  decide(itemId: string, on: boolean): void {
    const documentId = this.documentId;
    if (!documentId) return;
    if (!on && !this.view.has(itemId) && !this.pending.has(itemId)) return; // nothing to withdraw
    const n = ++this.requests;
    this.pending.set(itemId, [on, n]);
    this.update();
    const path = `/api/documents/${encodeURIComponent(documentId)}/review/cleared/${encodeURIComponent(itemId)}`;
    const send = () =>
      (on ? api.put<ClearedAnswer>(path) : api.delete<ClearedAnswer>(path)).then(
        (answer) => this.answered(documentId, itemId, n, answer.cleared),
        (e: unknown) => this.refused(documentId, itemId, n, on, e),
      );
    const before = this.chains.get(itemId);
    const chain = before ? before.then(send) : send();
    this.chains.set(itemId, chain);
    void chain.then(() => {
      if (this.chains.get(itemId) === chain) this.chains.delete(itemId);
    });
  }

  private answered(documentId: string, itemId: string, n: number, list: string[]): void {
    if (this.documentId !== documentId) return;
    if (this.pending.get(itemId)?.[1] === n) this.pending.delete(itemId);
    if (n > this.applied) {
      // The newest answer so far: its list holds everything saved before it.
      this.applied = n;
      this.server = new Set(list);
    } else if (list.includes(itemId)) {
      // An older answer (requests for other items may be saved in either order): it still tells
      // this item's state as of its own request, which nothing later about this item has changed.
      this.server.add(itemId);
    } else this.server.delete(itemId);
    this.update();
  }

  private refused(documentId: string, itemId: string, n: number, on: boolean, e: unknown): void {
    if (this.documentId !== documentId) return;
    if (this.pending.get(itemId)?.[1] === n) this.pending.delete(itemId);
    this.update();
    const why = e instanceof ApiError ? e.userMessage : String(e);
    this.onRefused(on ? `Could not save "nothing here" for this item: ${why}` : `Could not withdraw the "nothing here" decision: ${why}`);
  }

  /** Recomputes what counts; tells the view when that or what we publish changed. */
  private update(notify = true): void {
    const next = new Set([...this.server, ...this.peers]);
    for (const [id, [on]] of this.pending) on ? next.add(id) : next.delete(id);
    const changed = next.size !== this.view.size || [...next].some((id) => !this.view.has(id));
    this.view = next;
    const own = this.own.join('\n');
    const republish = own !== this.published;
    this.published = own;
    if (notify && (changed || republish)) this.onChange();
  }
}
