// <tt-status-pill>: the honest save status of the open layer — "saving…" until the server has the
// change on disk, "saved", "offline — changes kept on this device", "reconnecting…".
import { html, type TemplateResult } from 'lit';
import { LightElement } from '../app/light-element.ts';
import type { SyncStatus } from '../sync/provider.ts';

export function statusText(status: SyncStatus, everSynced: boolean): string {
  switch (status) {
    case 'connecting':
      return everSynced ? 'reconnecting…' : 'connecting…';
    case 'saving':
      return 'saving…';
    case 'saved':
      return 'saved';
    case 'offline':
      return 'offline — changes kept on this device';
    case 'refused':
      return 'not saved — the server refused';
  }
}

export class TtStatusPill extends LightElement {
  static override properties = { status: { attribute: false }, everSynced: { attribute: false }, readOnly: { attribute: false } };
  declare status: SyncStatus;
  declare everSynced: boolean;
  /** The layer may only be read: nothing of ours is saved, so say that instead of saved/refused. */
  declare readOnly: boolean;

  override render(): TemplateResult {
    if (this.readOnly && this.everSynced && (this.status === 'saved' || this.status === 'saving' || this.status === 'refused')) {
      return html`<span class="status-pill s-read-only" role="status" aria-live="polite" data-status="read-only"
        title="You can read this layer; changes are not possible"><span class="dot" aria-hidden="true"></span>read-only</span>`;
    }
    const text = statusText(this.status, this.everSynced);
    return html`<span class="status-pill s-${this.status}" role="status" aria-live="polite" data-status=${this.status}
      title=${this.status === 'saved' ? 'Every change is stored on the server' : text}>
      <span class="dot" aria-hidden="true"></span>${text}${this.status === 'saved' ? html` <span aria-hidden="true">✓</span>` : ''}</span>`;
  }
}

customElements.define('tt-status-pill', TtStatusPill);
