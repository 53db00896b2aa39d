// <tt-annotator>: the annotation view of one document. Loads the document and its project, opens
// the layer to work in (LayerController), publishes presence, applies the user's intents through
// LayerEditor (validated, undoable), and lays out header, palette, text and side panels.
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { DocumentDetail, LayerInfo, ProjectDetail, UserInfo } from '../../shared/api.ts';
import type { SpanLabelDef } from '../../shared/domain.ts';
import { parseLayerName } from '../../shared/layer-name.ts';
import { mayReopen, maySubmit, type LayerFacts } from '../../shared/permissions.ts';
import { api, ApiError } from '../api/http.ts';
import { LightElement } from '../app/light-element.ts';
import { KeysController } from '../app/keys.controller.ts';
import { PollController } from '../app/poll.controller.ts';
import { exposeForTests } from '../app/test-hooks.ts';
import { documentPath } from '../app/routes.ts';
import type { ClientSocket } from '../sync/provider.ts';
import { LayerController } from './layer.controller.ts';
import { PresenceController } from './presence.controller.ts';
import { HistoryController } from './history.controller.ts';
import { LocalBackupController } from './local-backup.controller.ts';
import { LayerEditor, type EditResult } from './edits.ts';
import { describeLayerError, type Notice } from './notices.ts';
import { layerTitle, listRelations, listSpans, labelCounts, readDocLabels } from './annotator-data.ts';
import './tt-doc-header.ts';
import './tt-label-palette.ts';
import './tt-text-view.ts';
import type { TtTextView } from './tt-text-view.ts';
import './tt-span-list.ts';
import './tt-relation-list.ts';
import './tt-doc-labels.ts';
import '../app/tt-guidelines.ts';
import '../styles/annotator.css';

const SNAP_KEY = 'tagteam.snap';

export class TtAnnotator extends LightElement {
  static override properties = {
    documentId: { attribute: false },
    layerName: { attribute: false },
    user: { attribute: false },
    socket: { attribute: false },
    detail: { state: true },
    project: { state: true },
    loadError: { state: true },
    notices: { state: true },
    snap: { state: true },
    side: { state: true },
    busy: { state: true },
    next: { state: true },
  };
  declare documentId: string;
  /** The layer asked for in the URL (?layer=…); null opens the one to work in. */
  declare layerName: string | null;
  declare user: UserInfo;
  declare socket: ClientSocket | null;
  declare detail: DocumentDetail | null;
  declare project: ProjectDetail | null;
  declare loadError: string | null;
  declare notices: Notice[];
  declare snap: boolean;
  declare side: 'annotations' | 'guidelines';
  declare busy: boolean;
  /** After a submit: the next document in the queue (null when the queue is empty). */
  declare next: { id: string; title: string } | null | undefined;

  readonly layer = new LayerController(this);
  readonly presence = new PresenceController(this, this.layer);
  private readonly editor = new LayerEditor(() => this.layer.doc, () => this.editContext(), this.layer.origin);
  readonly history = new HistoryController(this, this.editor);
  private readonly backup = new LocalBackupController(this, this.layer);
  /** Every status the provider went through, for the browser tests (bounded). */
  readonly statusLog: string[] = [];
  private noticeSeq = 0;

  constructor() {
    super();
    this.layerName = null;
    this.socket = null;
    this.detail = null;
    this.project = null;
    this.loadError = null;
    this.notices = [];
    this.snap = localStorage.getItem(SNAP_KEY) !== 'off';
    this.side = 'annotations';
    this.busy = false;
    this.next = undefined;
    this.layer.onError = (e) => this.onLayerError(e.code, describeLayerError(e));
    // Submitted or reopened elsewhere (another tab, a reviewer): show it now, not at the next poll.
    this.layer.onAccess = () => void this.refreshDetail();
    new KeysController(this, (e) => this.onKey(e));
    new PollController(this, () => void this.refreshDetail(), 15_000);
    this.presence.onPeers = () => this.requestUpdate();
    exposeForTests('annotator', this);
  }

  private get textView(): TtTextView | null {
    return this.querySelector('tt-text-view');
  }

  private get info(): LayerInfo | undefined {
    return this.detail?.layers.find((l) => l.name === this.layer.layerName);
  }

  private get readOnly(): boolean {
    const info = this.info;
    return !info || !info.writable || info.submitted || !this.layer.everSynced || this.layer.status === 'refused';
  }

  private editContext() {
    return { text: this.detail?.text ?? '', schema: this.project!.schema, userId: this.user.id };
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('documentId')) void this.load();
    else if ((changed.has('layerName') || changed.has('socket')) && this.detail) this.openLayer();
  }

  override updated(): void {
    const s = this.layer.status;
    if (this.statusLog[this.statusLog.length - 1] !== s) this.statusLog.push(s);
    if (this.statusLog.length > 500) this.statusLog.splice(0, 100);
  }

  private async load(): Promise<void> {
    this.layer.close();
    this.detail = null;
    this.project = null;
    this.loadError = null;
    this.next = undefined;
    try {
      const id = this.documentId;
      const { document: detail } = await api.get<{ document: DocumentDetail }>(`/api/documents/${encodeURIComponent(id)}`);
      if (id !== this.documentId) return; // another document was asked for meanwhile
      this.detail = detail;
      // Join the layer while the project (schema, guidelines) is on its way: the sync is the
      // longest step of opening a large document.
      this.openLayer();
      const { project } = await api.get<{ project: ProjectDetail }>(`/api/projects/${encodeURIComponent(detail.projectId)}`);
      if (id !== this.documentId) return;
      this.project = project;
      document.title = `${detail.title} · ${project.name} · Tagteam`;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return this.emit('unauthenticated', null);
      this.loadError = e instanceof ApiError && e.status === 404 ? 'This document does not exist, or you may not open it.' : e instanceof ApiError ? e.userMessage : String(e);
    }
  }

  private openLayer(): void {
    const d = this.detail;
    if (!d || !this.socket) return;
    const wanted = this.layerName && d.layers.some((l) => l.name === this.layerName) ? this.layerName : (d.working ?? d.layers[0]?.name ?? null);
    if (!wanted) {
      this.loadError = 'There is no layer of this document you may open yet.';
      return;
    }
    if (this.layer.layerName === wanted && this.layer.provider) return;
    const socket = this.socket;
    this.layer.close();
    this.layer.layerName = wanted;
    this.history.clear();
    // Unsaved edits this device kept from an earlier visit go into the doc before joining.
    void this.backup.restore(this.user.id, wanted).then((doc) => {
      if (this.layer.layerName !== wanted || this.layer.provider || this.socket !== socket) return;
      this.layer.open(socket, wanted, doc);
      this.presence.setUser({ id: this.user.id, name: this.user.displayName, color: this.user.color });
    });
  }

  /** Re-reads the layer flags (someone may have submitted or reopened the layer). */
  private async refreshDetail(): Promise<void> {
    if (!this.detail) return;
    try {
      const { document: detail } = await api.get<{ document: DocumentDetail }>(`/api/documents/${encodeURIComponent(this.documentId)}`);
      if (detail.id !== this.documentId) return;
      const was = this.info;
      this.detail = detail;
      const now = this.info;
      // Writable again after a refusal (reopened): re-join with the same doc, so the change that
      // was refused is offered again instead of lost.
      if (now?.writable && !now.submitted && (!was?.writable || was.submitted) && this.layer.status === 'refused' && this.socket) {
        const doc = this.layer.close();
        this.layer.open(this.socket, now.name, doc ?? undefined);
      }
    } catch {
      // A failed refresh changes nothing; the next one retries.
    }
  }

  private notify(text: string, kind: Notice['kind'] = 'error'): void {
    this.notices = [...this.notices.filter((n) => n.text !== text), { id: ++this.noticeSeq, kind, text }].slice(-4);
  }

  private onLayerError(code: string, text: string): void {
    // SyncProvider answers the join handshake even on a layer it may only read, and the hub
    // refuses that (empty) answer with read_only: expected for a reader, so not worth a notice.
    const info = this.info;
    if (code === 'read_only' && info && (!info.writable || info.submitted)) return;
    this.notify(text);
    if (code === 'read_only' || code === 'forbidden') void this.refreshDetail();
  }

  private apply(r: EditResult, what: string): string | undefined {
    if ('error' in r) {
      this.notify(`Could not ${what}: ${r.error}.`);
      return undefined;
    }
    this.history.record(r.ops);
    return r.id;
  }

  private guard(): boolean {
    if (this.readOnly) this.notify(this.info?.submitted ? 'This layer is submitted, so it is read-only. Reopen it to edit.' : 'This layer is read-only.', 'info');
    return !this.readOnly;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.defaultPrevented || !this.detail) return;
    const t = e.target as HTMLElement;
    const editable = t.closest?.('input, textarea, select, [contenteditable]') !== null && t !== document.body;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !editable && (e.key.toLowerCase() === 'z' || e.key.toLowerCase() === 'y')) {
      e.preventDefault();
      if (!this.guard()) return;
      const msg = e.key.toLowerCase() === 'y' || e.shiftKey ? this.history.redo() : this.history.undo();
      if (msg && !msg.endsWith('one.') && msg !== 'Undone.' && msg !== 'Redone.') this.notify(msg, 'info');
      return;
    }
    if (editable || t.closest?.('tt-guidelines')) return;
    if (this.textView?.handleKey(e)) e.preventDefault();
  }

  private async layerAction(action: 'submit' | 'reopen'): Promise<void> {
    const name = this.layer.layerName;
    if (!name || !this.detail) return;
    const owner = name.slice(name.indexOf('/') + 1);
    this.busy = true;
    try {
      await api.post(`/api/documents/${encodeURIComponent(this.detail.id)}/layers/${encodeURIComponent(owner)}/${action}`);
      await this.refreshDetail();
      if (action === 'submit') {
        const q = await api.get<{ document: { id: string; title: string } | null }>(`/api/projects/${encodeURIComponent(this.detail.projectId)}/queue/next`);
        this.next = q.document;
      } else this.next = undefined;
    } catch (e) {
      this.notify(`Could not ${action}: ${e instanceof ApiError ? e.userMessage : String(e)}`);
    } finally {
      this.busy = false;
    }
  }

  private facts(info: LayerInfo): LayerFacts {
    const p = this.project!;
    return { mode: p.mode, role: p.role, userId: this.user.id, assigned: true, docStatus: this.detail!.status, submitted: info.submitted };
  }

  override render(): TemplateResult {
    if (this.loadError) return html`<section class="page"><p class="notice error" role="alert">${this.loadError} <a href="/">Back to your projects</a></p></section>`;
    const d = this.detail;
    const p = this.project;
    if (!d || !p) return html`<section class="page"><p class="muted" aria-busy="true">Loading document…</p></section>`;
    const info = this.info;
    const ref = info && parseLayerName(info.name);
    const readOnly = this.readOnly;
    const doc = this.layer.doc;
    const nameOf = (id: string) => (id === this.user.id ? 'you' : (p.members.find((m) => m.userId === id)?.displayName ?? 'someone'));
    const labels: SpanLabelDef[] = p.schema.spanLabels;
    const me = { id: this.user.id, name: this.user.displayName, color: this.user.color };
    return html`<div class="annotator">
      <tt-doc-header .projectId=${p.id} .projectName=${p.name} .docTitle=${d.title} .me=${me} .peers=${this.presence.peers}
        .status=${this.layer.status} .everSynced=${this.layer.everSynced} .busy=${this.busy}
        .layers=${d.layers.map((l) => ({ name: l.name, title: layerTitle(l, this.user.id, nameOf) }))} .layer=${this.layer.layerName ?? ''}
        .submitted=${info?.submitted ?? false} .canSubmit=${!!(info && ref && !info.submitted && maySubmit(ref, this.facts(info)) && info.writable)}
        .canReopen=${!!(info && ref && info.submitted && mayReopen(ref, this.facts(info)))}
        .canUndo=${this.history.canUndo && !readOnly} .canRedo=${this.history.canRedo && !readOnly}
        .readOnly=${!info?.writable || info.submitted}
        @tt-submit=${() => void this.layerAction('submit')} @tt-reopen=${() => void this.layerAction('reopen')}
        @tt-undo=${() => this.history.undo()} @tt-redo=${() => this.history.redo()}
        @tt-layer=${(e: CustomEvent<string>) => this.emit('navigate', documentPath(d.id, e.detail))}></tt-doc-header>
      <div class="notices">${this.notices.map((n) => html`<div class="notice ${n.kind}" role=${n.kind === 'error' ? 'alert' : 'status'}>
          <span>${n.text}</span><button class="btn ghost small" aria-label="Dismiss" @click=${() => (this.notices = this.notices.filter((x) => x.id !== n.id))}>✕</button></div>`)}</div>
      <div class="annotator-body">
        <aside class="left-panel" aria-label="Labels and tools">
          <tt-label-palette .labels=${labels} .readOnly=${readOnly} .snap=${this.snap} .counts=${labelCounts(doc)}
            @tt-apply-label=${(e: CustomEvent<string>) => this.textView?.applyLabel(e.detail)}
            @tt-snap=${(e: CustomEvent<boolean>) => { this.snap = e.detail; localStorage.setItem(SNAP_KEY, e.detail ? 'on' : 'off'); }}></tt-label-palette>
          <button class="btn ghost guidelines-toggle" aria-expanded=${this.side === 'guidelines'} @click=${() => (this.side = this.side === 'guidelines' ? 'annotations' : 'guidelines')}>
            Guidelines ${this.side === 'guidelines' ? '◂' : '▸'}</button>
        </aside>
        <section class="center-panel" aria-label="Document text">
          ${this.banner(info, readOnly)}
          ${keyed(`${d.id}|${this.layer.layerName}`, html`<tt-text-view .text=${d.text} .layer=${this.layer} .labels=${labels} .relationTypes=${p.schema.relationTypes}
            .readOnly=${readOnly} .snap=${this.snap} .peers=${this.presence.peers} .nameOf=${nameOf}
            @tt-create=${(e: CustomEvent<{ start: number; end: number; label: string }>) => this.onCreate(e.detail)}
            @tt-relabel=${(e: CustomEvent<{ id: string; label: string }>) => this.guard() && this.apply(this.editor.updateSpan(e.detail.id, { label: e.detail.label }), 'change the label')}
            @tt-note=${(e: CustomEvent<{ id: string; note: string }>) => this.guard() && this.apply(this.editor.updateSpan(e.detail.id, { note: e.detail.note }), 'save the note')}
            @tt-delete=${(e: CustomEvent<{ id: string }>) => this.guard() && this.apply(this.editor.deleteSpan(e.detail.id), 'delete the span')}
            @tt-relate=${(e: CustomEvent<{ from: string; to: string; type: string }>) => this.guard() && this.apply(this.editor.addRelation(e.detail.from, e.detail.to, e.detail.type), 'add the relation')}
            @tt-selection=${(e: CustomEvent<{ start: number; end: number } | null>) => this.presence.setSelection(e.detail)}
            @tt-editing=${(e: CustomEvent<string | null>) => this.presence.setEditing(e.detail)}></tt-text-view>`)}
        </section>
        <aside class="right-panel" aria-label="Annotations">
          ${this.side === 'guidelines'
            ? html`<tt-guidelines .markdown=${p.guidelines} @close=${() => (this.side = 'annotations')}></tt-guidelines>`
            : html`<tt-span-list .spans=${listSpans(doc, d.text, this.presence.peers)} .labels=${labels}
                  @tt-focus-span=${(e: CustomEvent<string>) => this.textView?.focusSpan(e.detail, { scroll: true })}></tt-span-list>
                <tt-relation-list .relations=${listRelations(doc, d.text)} .readOnly=${readOnly} .hasTypes=${p.schema.relationTypes.length > 0}
                  @tt-focus-span=${(e: CustomEvent<string>) => this.textView?.focusSpan(e.detail, { scroll: true })}
                  @tt-delete-relation=${(e: CustomEvent<string>) => this.guard() && this.apply(this.editor.deleteRelation(e.detail), 'delete the relation')}></tt-relation-list>
                <tt-doc-labels .sets=${p.schema.docLabelSets} .values=${readDocLabels(doc)} .readOnly=${readOnly}
                  @tt-doc-label=${(e: CustomEvent<{ set: string; values: string[] }>) => this.guard() && this.apply(this.editor.setDocLabel(e.detail.set, e.detail.values), 'set the document label')}></tt-doc-labels>`}
        </aside>
      </div>
    </div>`;
  }

  private onCreate(d: { start: number; end: number; label: string }): void {
    if (!this.guard()) return;
    const id = this.apply(this.editor.createSpan(d.start, d.end, d.label), 'create the span');
    if (id) this.textView?.focusSpan(id, { scroll: false });
  }

  private banner(info: LayerInfo | undefined, readOnly: boolean): TemplateResult | typeof nothing {
    if (!this.layer.everSynced) return html`<p class="layer-banner muted" role="status">Opening the layer…</p>`;
    if (info?.submitted) {
      return html`<div class="layer-banner ok" role="status"><strong>Submitted.</strong> This layer is read-only until it is reopened.
        ${this.next ? html`<a class="btn primary" href=${documentPath(this.next.id)}>Next document →</a>` : this.next === null ? html`<span>Your queue is empty — well done.</span>` : nothing}</div>`;
    }
    if (readOnly) return html`<p class="layer-banner" role="status">Read-only: you can look at this layer but not change it.</p>`;
    return nothing;
  }
}

customElements.define('tt-annotator', TtAnnotator);
