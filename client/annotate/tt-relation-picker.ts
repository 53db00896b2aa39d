// <tt-relation-picker>: the last step of linking two spans — choose the relation type (click, or
// its number key). Anchored at the target span like the span popover.
import { html, type TemplateResult } from 'lit';
import type { RelationTypeDef } from '../../shared/domain.ts';
import { LightElement } from '../app/light-element.ts';
import { excerpt } from '../app/format.ts';

export class TtRelationPicker extends LightElement {
  static override properties = { types: { attribute: false }, fromText: { attribute: false }, toText: { attribute: false } };
  declare types: RelationTypeDef[];
  declare fromText: string;
  declare toText: string;

  focusFirst(): void {
    this.querySelector<HTMLElement>('button')?.focus();
  }

  override render(): TemplateResult {
    return html`<div class="popover" role="dialog" aria-label="Choose the relation type"
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (e.stopPropagation(), this.emit('tt-cancel-link', null))}>
      <p class="small"><strong>“${excerpt(this.fromText, 24)}”</strong> → <strong>“${excerpt(this.toText, 24)}”</strong></p>
      <div class="label-choices" role="group" aria-label="Relation type">
        ${this.types.map((t, i) => html`<button class="label-choice" @click=${() => this.emit('tt-choose-type', t.name)}>${i < 9 ? html`<kbd>${i + 1}</kbd>` : ''}${t.name}</button>`)}
      </div>
      <button class="btn small ghost" @click=${() => this.emit('tt-cancel-link', null)}><kbd>Esc</kbd> Cancel</button>
    </div>`;
  }
}

customElements.define('tt-relation-picker', TtRelationPicker);
declare global {
  interface HTMLElementTagNameMap {
    'tt-relation-picker': TtRelationPicker;
  }
}
