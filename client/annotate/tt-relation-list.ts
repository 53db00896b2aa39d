// <tt-relation-list>: the layer's relations as "source → type → target" rows; either end focuses
// its span in the article, and each row can be deleted.
import { html, nothing, type TemplateResult } from 'lit';
import { LightElement } from '../app/light-element.ts';
import { excerpt } from '../app/format.ts';

export interface ListedRelation {
  id: string;
  type: string;
  from: { id: string; label: string; text: string };
  to: { id: string; label: string; text: string };
}

export class TtRelationList extends LightElement {
  static override properties = { relations: { attribute: false }, readOnly: { attribute: false }, hasTypes: { attribute: false } };
  declare relations: ListedRelation[];
  declare readOnly: boolean;
  declare hasTypes: boolean;

  constructor() {
    super();
    this.relations = [];
    this.readOnly = false;
    this.hasTypes = true;
  }

  override render(): TemplateResult {
    if (!this.hasTypes) return html``;
    return html`<section class="side-section" aria-labelledby="relations-title">
      <h2 class="side-title" id="relations-title">Relations <span class="count">${this.relations.length}</span></h2>
      ${this.relations.length === 0
        ? html`<p class="small muted">No relations. Focus a span and press <kbd>r</kbd>, then pick the target and the type.</p>`
        : html`<ul class="relation-rows">
            ${this.relations.map((r) => html`<li class="relation-row">
              <button class="link-end" @click=${() => this.emit('tt-focus-span', r.from.id)} title="${r.from.label}: ${r.from.text}" dir="auto">${excerpt(r.from.text, 22)}</button>
              <span class="rel-type">→ ${r.type} →</span>
              <button class="link-end" @click=${() => this.emit('tt-focus-span', r.to.id)} title="${r.to.label}: ${r.to.text}" dir="auto">${excerpt(r.to.text, 22)}</button>
              ${this.readOnly ? nothing : html`<button class="btn ghost small" aria-label="Delete relation ${r.from.text} ${r.type} ${r.to.text}"
                @click=${() => this.emit('tt-delete-relation', r.id)}>✕</button>`}
            </li>`)}
          </ul>`}
    </section>`;
  }
}

customElements.define('tt-relation-list', TtRelationList);
