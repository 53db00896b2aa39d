// <tt-adjudicate>: the review view of one document (/documents/:did/review). Joins the live gold
// layer (LayerController, as the annotator does) with reviewer presence, shows the annotators'
// versions under gold (tt-review-text) and walks the disputes from the keyboard: n/p move, 1…k
// accept annotator k's version, a accepts every agreed item, g edits gold directly, Ctrl+Z undoes.
// Annotators get their comparison with gold instead (once done), or a clear "not allowed".
import { html, type TemplateResult } from 'lit';
import type { Disagreement } from '../../shared/agreement/disagreements.ts';
import type { DocumentReview, ProjectDetail, UserInfo } from '../../shared/api.ts';
import { api, ApiError } from '../api/http.ts';
import { LightElement } from '../app/light-element.ts';
import { KeysController } from '../app/keys.controller.ts';
import { PollController } from '../app/poll.controller.ts';
import { ErrorCode, type WireError } from '../../shared/protocol.ts';
import { exposeForTests } from '../app/test-hooks.ts';
import type { ClientSocket } from '../sync/provider.ts';
import { LayerController } from '../annotate/layer.controller.ts';
import { LayerEditor } from '../annotate/edits.ts';
import { HistoryController } from '../annotate/history.controller.ts';
import { describeLayerError, type Notice } from '../annotate/notices.ts';
import { ReviewPresenceController } from './review-presence.controller.ts';
import { ClearedItems } from './cleared.ts';
import { GoldWriter } from './gold-writer.ts';
import { hasDecision, snapshotGold, type GoldSnapshot } from './adjudication.ts';
import { loadReview, type ReviewLoad } from './review-data.ts';
import { adjudicationView, forbiddenView } from './adjudicate-view.ts';
import { publishWhere } from './review-actions.ts';
import { reviewKey } from './review-keys.ts';
import { editGold, GOLD_EDIT_EVENTS } from './gold-edits.ts';
import '../annotate/tt-doc-header.ts';
import './tt-review-text.ts';
import type { TtReviewText } from './tt-review-text.ts';
import './tt-dispute-card.ts';
import './tt-dispute-list.ts';
import './tt-gold-editor.ts';
import type { TtGoldEditor } from './tt-gold-editor.ts';
import './tt-gold-compare.ts';
import './review.css';
import '../styles/annotator.css';

export class TtAdjudicate extends LightElement {
  static override properties = {
    documentId: { attribute: false },
    user: { attribute: false },
    socket: { attribute: false },
    load: { state: true },
    currentId: { state: true },
    editing: { state: true },
    busy: { state: true },
    notices: { state: true },
    announcement: { state: true },
  };
  declare documentId: string;
  declare user: UserInfo;
  declare socket: ClientSocket | null;
  declare load: ReviewLoad | null;
  declare currentId: string | null;
  declare editing: boolean;
  declare busy: boolean;
  declare notices: Notice[];
  declare announcement: string;

  readonly layer = new LayerController(this);
  readonly presence = new ReviewPresenceController(this, this.layer);
  readonly cleared = new ClearedItems();
  private readonly editor = new LayerEditor(() => this.layer.doc, () => ({ text: this.review?.document.text ?? '', schema: this.project!.schema, userId: this.user.id }), this.layer.origin);
  readonly history = new HistoryController(this, this.editor);
  readonly writer = new GoldWriter(this.layer, this.editor, this.history, this.cleared, () => this.user.id);
  private noticeSeq = 0;
  private hintTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.socket = null;
    this.load = null;
    this.currentId = null;
    this.editing = false;
    this.busy = false;
    this.notices = [];
    this.announcement = '';
    this.layer.onError = (e) => this.onLayerError(e);
    // Gold submitted or reopened by another reviewer: show it now, not at the next poll.
    this.layer.onAccess = () => void this.refresh();
    new PollController(this, () => void this.refresh(), 10_000);
    this.presence.onPeers = (peers) => this.cleared.fromPeers(peers.map((p) => p.cleared));
    this.cleared.onChange = () => {
      this.presence.setCleared(this.cleared.own);
      this.requestUpdate();
    };
    this.cleared.onRefused = (message) => this.notify(message);
    new KeysController(this, (e) => reviewKey(this, e));
    // The gold editor's text view emits the annotator's intents; they bubble up to here.
    for (const type of GOLD_EDIT_EVENTS) this.addEventListener(type, (e) => this.onGoldEdit(e as CustomEvent<unknown>));
    exposeForTests('review', this);
  }

  get review(): DocumentReview | null {
    return this.load?.kind === 'review' ? this.load.review : null;
  }

  get project(): ProjectDetail | null {
    return this.load?.kind === 'review' ? this.load.project : null;
  }

  get readOnly(): boolean {
    const r = this.review;
    return !r || !r.gold.writable || r.gold.submitted || !this.layer.everSynced || this.layer.status === 'refused';
  }

  get gold(): GoldSnapshot {
    return snapshotGold(this.layer.doc);
  }

  get disputes(): Disagreement[] {
    return this.review?.disagreements.disputes ?? [];
  }

  /** Ids of every item (agreed ones included) gold has a decision for. */
  resolvedIds(gold: GoldSnapshot = this.gold): Set<string> {
    const items = this.review?.disagreements.items ?? [];
    return new Set(items.filter((i) => hasDecision(i, gold, this.cleared.set)).map((i) => i.id));
  }

  get current(): Disagreement | null {
    return this.disputes.find((d) => d.id === this.currentId) ?? null;
  }

  get textView(): TtReviewText | null {
    return this.querySelector('tt-review-text');
  }

  get goldEditor(): TtGoldEditor | null {
    return this.querySelector('tt-gold-editor');
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('documentId')) void this.reload();
    else if (changed.has('socket')) this.openGold();
  }

  async reload(): Promise<void> {
    this.layer.close();
    this.load = null;
    this.editing = false;
    this.cleared.reset(this.documentId, []);
    const load = await loadReview(this.documentId);
    if (load.kind === 'error' && load.unauthenticated) return this.emit('unauthenticated', null);
    this.load = load;
    if (load.kind !== 'review') return;
    this.cleared.reset(this.documentId, load.review.cleared);
    document.title = `Review: ${load.review.document.title} · Tagteam`;
    this.currentId = this.currentId && load.review.disagreements.disputes.some((d) => d.id === this.currentId) ? this.currentId : (load.review.disagreements.disputes[0]?.id ?? null);
    this.openGold();
  }

  /**
   * Re-reads the adjudication data while the view is open: someone may have submitted or reopened
   * gold (the hub then changes this connection's rights silently), or an annotator reopened a set.
   */
  async refresh(): Promise<void> {
    if (this.load?.kind !== 'review') return;
    try {
      const mark = this.cleared.mark;
      const review = await api.get<DocumentReview>(`/api/documents/${encodeURIComponent(this.documentId)}/review`);
      if (this.load?.kind !== 'review' || review.document.id !== this.documentId) return;
      const was = this.load.review.gold.submitted;
      this.load = { ...this.load, review };
      this.cleared.fromServer(review.cleared, mark);
      if (!was && review.gold.submitted) this.notify('Gold was submitted: this document is done, and gold is read-only now.', 'info');
    } catch {
      // A failed refresh changes nothing; the next one retries.
    }
  }

  private onLayerError(e: WireError): void {
    const g = this.review?.gold;
    if (e.code === ErrorCode.readOnly || e.code === ErrorCode.forbidden) void this.refresh();
    // The provider answers the join handshake even where it may only read, and the hub refuses
    // that empty answer with read_only: expected for a reader, not worth a notice.
    if (e.code === ErrorCode.readOnly && g && (!g.writable || g.submitted)) return;
    this.notify(describeLayerError(e));
  }

  private openGold(): void {
    const r = this.review;
    if (!r || !this.socket || this.layer.provider) return;
    this.layer.open(this.socket, r.gold.layer);
    this.presence.setUser({ id: this.user.id, name: this.user.displayName, color: this.user.color });
    this.presence.setCleared(this.cleared.own);
    publishWhere(this);
  }

  notify(text: string, kind: Notice['kind'] = 'error'): void {
    this.notices = [...this.notices.filter((n) => n.text !== text), { id: ++this.noticeSeq, kind, text }].slice(-3);
  }

  say(text: string): void {
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = text));
    // The visible hint fades after a while; the live region has been read by then.
    if (this.hintTimer !== null) clearTimeout(this.hintTimer);
    this.hintTimer = setTimeout(() => (this.announcement = ''), 4000);
  }

  /** Whether writing is possible now; says why not otherwise. */
  guard(): boolean {
    if (!this.readOnly) return true;
    this.notify(this.review?.gold.submitted ? 'Gold is submitted, so it is read-only. Reopen it to change it.' : this.layer.everSynced ? 'You may read gold here but not change it.' : 'Gold is still opening; try again in a moment.', 'info');
    return false;
  }

  private onGoldEdit(e: CustomEvent<unknown>): void {
    if (e.type === 'tt-selection') return this.presence.setSelection(e.detail as { start: number; end: number } | null);
    if (!this.guard()) return;
    const error = editGold(this.editor, this.history, e);
    if (error) this.notify(error);
  }

  toggleEditing(on = !this.editing): void {
    if (on && !this.guard()) return;
    this.editing = on;
    if (!on) void this.updateComplete.then(() => this.textView?.reveal());
  }

  async layerAction(action: 'submit' | 'reopen'): Promise<void> {
    const r = this.review;
    if (!r) return;
    this.busy = true;
    try {
      await api.post(`/api/documents/${encodeURIComponent(r.document.id)}/layers/gold/${action}`);
      const keep = this.currentId;
      this.layer.close();
      await this.reload();
      this.currentId = keep;
      this.notify(action === 'submit' ? 'Gold submitted: this document is done.' : 'Gold reopened: you can change it again.', 'info');
    } catch (e) {
      this.notify(`Could not ${action} gold: ${e instanceof ApiError ? e.userMessage : String(e)}`);
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    const l = this.load;
    if (!l) return html`<section class="page"><p class="muted" aria-busy="true">Loading the review…</p></section>`;
    if (l.kind === 'error') return html`<section class="page"><p class="notice error" role="alert">${l.message} <a href="/">Back to your projects</a></p></section>`;
    if (l.kind === 'forbidden') return forbiddenView(l.message, l.projectId);
    if (l.kind === 'compare') return html`<tt-gold-compare .data=${l.compare} .project=${l.project} .docTitle=${l.documentTitle} .text=${l.text}></tt-gold-compare>`;
    return adjudicationView(this, l.review, l.project);
  }
}

customElements.define('tt-adjudicate', TtAdjudicate);
