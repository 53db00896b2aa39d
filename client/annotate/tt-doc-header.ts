// <tt-doc-header>: project ▸ document, who is here, the save status, the layer being viewed, and
// Submit (asks for confirmation in place) / Reopen.
import { html, nothing, type TemplateResult } from 'lit';
import type { SyncStatus } from '../sync/provider.ts';
import { LightElement } from '../app/light-element.ts';
import { projectPath } from '../app/routes.ts';
import type { Peer, PresenceUser } from './presence.controller.ts';
import './tt-presence.ts';
import './tt-status-pill.ts';

export interface LayerChoice {
  name: string;
  title: string;
}

export class TtDocHeader extends LightElement {
  static override properties = {
    projectId: { attribute: false },
    projectName: { attribute: false },
    docTitle: { attribute: false },
    me: { attribute: false },
    peers: { attribute: false },
    status: { attribute: false },
    everSynced: { attribute: false },
    layers: { attribute: false },
    layer: { attribute: false },
    canSubmit: { attribute: false },
    canReopen: { attribute: false },
    submitted: { attribute: false },
    busy: { attribute: false },
    canUndo: { attribute: false },
    canRedo: { attribute: false },
    readOnly: { attribute: false },
    confirming: { state: true },
  };
  declare projectId: string;
  declare projectName: string;
  declare docTitle: string;
  declare me: PresenceUser;
  declare peers: Peer[];
  declare status: SyncStatus;
  declare everSynced: boolean;
  declare layers: LayerChoice[];
  declare layer: string;
  declare canSubmit: boolean;
  declare canReopen: boolean;
  declare submitted: boolean;
  declare busy: boolean;
  declare canUndo: boolean;
  declare canRedo: boolean;
  declare readOnly: boolean;
  declare confirming: boolean;

  constructor() {
    super();
    this.confirming = false;
    this.busy = false;
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('confirming') && this.confirming) this.querySelector<HTMLButtonElement>('.confirm-submit')?.focus();
  }

  override render(): TemplateResult {
    return html`<header class="doc-header">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href=${projectPath(this.projectId)} title=${this.projectName}>${this.projectName}</a> <span aria-hidden="true">▸</span>
        <h1 class="doc-title" dir="auto" title=${this.docTitle}>${this.docTitle}</h1>
      </nav>
      <span class="spacer"></span>
      <tt-presence .me=${this.me} .peers=${this.peers}></tt-presence>
      ${this.layers.length > 1
        ? html`<label class="layer-switch"><span class="visually-hidden">Layer</span>
            <select @change=${(e: Event) => this.emit('tt-layer', (e.target as HTMLSelectElement).value)}>
              ${this.layers.map((l) => html`<option value=${l.name} ?selected=${l.name === this.layer}>${l.title}</option>`)}
            </select></label>`
        : nothing}
      <div class="undo-redo" role="group" aria-label="History">
        <button class="btn ghost small" ?disabled=${!this.canUndo} @click=${() => this.emit('tt-undo', null)} title="Undo (Ctrl+Z)" aria-label="Undo">↶</button>
        <button class="btn ghost small" ?disabled=${!this.canRedo} @click=${() => this.emit('tt-redo', null)} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">↷</button>
      </div>
      <tt-status-pill .status=${this.status} .everSynced=${this.everSynced} .readOnly=${this.readOnly}></tt-status-pill>
      ${this.actions()}
    </header>`;
  }

  private actions(): TemplateResult | typeof nothing {
    if (this.submitted) {
      return this.canReopen ? html`<button class="btn" ?disabled=${this.busy} @click=${() => this.emit('tt-reopen', null)}>Reopen</button>` : nothing;
    }
    if (!this.canSubmit) return nothing;
    if (this.confirming) {
      return html`<span class="confirm" role="group" aria-label="Confirm submit">
        <span class="small">Submit as finished? It becomes read-only.</span>
        <button class="btn primary confirm-submit" ?disabled=${this.busy} @click=${() => { this.confirming = false; this.emit('tt-submit', null); }}>Yes, submit</button>
        <button class="btn" @click=${() => (this.confirming = false)} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.confirming = false)}>Cancel</button>
      </span>`;
    }
    return html`<button class="btn primary" ?disabled=${this.busy || this.status !== 'saved'}
      title=${this.status === 'saved' ? 'Mark this document as finished' : 'Wait until every change is saved'} @click=${() => (this.confirming = true)}>Submit</button>`;
  }
}

customElements.define('tt-doc-header', TtDocHeader);
