// <tt-dispute-list>: how many disputes are left, and every dispute in text order with its kind,
// its text, whether gold has decided it and which reviewer is on it now. Clicking one goes there.
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Disagreement } from '../../shared/agreement/disagreements.ts';
import { LightElement } from '../app/light-element.ts';
import { excerpt, initial, plural } from '../app/format.ts';
import { kindClass, KIND_TEXT } from './adjudication.ts';
import type { ReviewPeer } from './review-presence.controller.ts';

export class TtDisputeList extends LightElement {
  static override properties = {
    disputes: { attribute: false },
    resolved: { attribute: false },
    currentId: { attribute: false },
    text: { attribute: false },
    peers: { attribute: false },
    pendingUnanimous: { attribute: false },
    readOnly: { attribute: false },
  };
  declare disputes: Disagreement[];
  declare resolved: ReadonlySet<string>;
  declare currentId: string | null;
  declare text: string;
  declare peers: ReviewPeer[];
  /** Agreed items gold does not hold yet (what `a` would copy). */
  declare pendingUnanimous: number;
  declare readOnly: boolean;

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('currentId')) this.querySelector('.dispute-row[aria-current="true"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  override render(): TemplateResult {
    const left = this.disputes.filter((d) => !this.resolved.has(d.id)).length;
    return html`<section class="dispute-list" aria-label="Disputes">
      <p class="disputes-left ${left === 0 ? 'none-left' : ''}" role="status" aria-live="polite" data-left=${left}>
        <strong class="count">${left}</strong> ${left === 1 ? 'dispute' : 'disputes'} left <span class="muted">of ${this.disputes.length}</span></p>
      <div class="review-actions">
        <button class="btn small" ?disabled=${this.readOnly || this.pendingUnanimous === 0} @click=${() => this.emit('tt-accept-unanimous', null)}
          title="Copy every item all annotators agree on into gold (key a)"><kbd>a</kbd> Accept ${plural(this.pendingUnanimous, 'agreed item')}</button>
        <button class="btn small" ?disabled=${this.readOnly} @click=${() => this.emit('tt-edit-gold', null)} title="Edit gold directly (key g)"><kbd>g</kbd> Edit gold</button>
      </div>
      ${this.disputes.length === 0
        ? html`<p class="muted small">The annotators agree on everything in this document.</p>`
        : html`<ol class="dispute-rows">${this.disputes.map((d, i) => {
            const done = this.resolved.has(d.id);
            const here = this.peers.filter((p) => p.at === d.id);
            const current = d.id === this.currentId;
            return guard([d, done, current, here.map((p) => p.clientId).join()], () => html`<li><button class="dispute-row ${done ? 'done' : ''}" aria-current=${current ? 'true' : 'false'} data-item=${d.id}
              @click=${() => this.emit('tt-goto', d.id)}>
              <span class="num">${i + 1}</span>
              <span class="kind-tag k-${kindClass(d.kind)}">${KIND_TEXT[d.kind]}</span>
              <span class="what" dir="auto">${this.subject(d)}</span>
              ${here.map((p) => html`<span class="avatar small" style=${styleMap({ '--avatar': p.user.color })} title="${p.user.name} is here">${initial(p.user.name)}</span>`)}
              ${done ? html`<span class="tick" aria-label="decided">✓</span>` : html`<span class="visually-hidden">open</span>`}
            </button></li>`);
          })}</ol>`}
      ${left === 0 && this.disputes.length > 0 ? html`<p class="small ok-text">Every dispute has a decision. Check gold, then submit it.</p>` : nothing}
    </section>`;
  }

  private subject(d: Disagreement): string {
    if (d.target === 'docLabel') return `document: ${d.name}`;
    if (d.target === 'relation') return `${excerpt(this.text.slice(d.from.start, d.from.end), 14)} → ${excerpt(this.text.slice(d.to.start, d.to.end), 14)}`;
    return excerpt(this.text.slice(d.start, d.end), 32);
  }
}

customElements.define('tt-dispute-list', TtDisputeList);
