// <tt-doc-labels>: document-level labels, one group per label set — radio buttons for single
// choice (with a way back to none), checkboxes for multiple choice.
import { html, nothing, type TemplateResult } from 'lit';
import type { DocLabelSetDef, DocLabels } from '../../shared/domain.ts';
import { LightElement } from '../app/light-element.ts';

export class TtDocLabels extends LightElement {
  static override properties = { sets: { attribute: false }, values: { attribute: false }, readOnly: { attribute: false } };
  declare sets: DocLabelSetDef[];
  declare values: DocLabels;
  declare readOnly: boolean;

  constructor() {
    super();
    this.sets = [];
    this.values = {};
    this.readOnly = false;
  }

  private change(set: DocLabelSetDef, value: string, on: boolean): void {
    const cur = this.values[set.name] ?? [];
    const next = set.choice === 'single' ? (on ? [value] : []) : on ? [...cur.filter((v) => v !== value), value] : cur.filter((v) => v !== value);
    // Keep the schema's order so the stored list does not depend on click order.
    this.emit('tt-doc-label', { set: set.name, values: set.values.filter((v) => next.includes(v)) });
  }

  override render(): TemplateResult {
    if (this.sets.length === 0) return html``;
    return html`<section class="side-section" aria-labelledby="doclabels-title">
      <h2 class="side-title" id="doclabels-title">Document labels</h2>
      ${this.sets.map((set) => {
        const chosen = this.values[set.name] ?? [];
        const type = set.choice === 'single' ? 'radio' : 'checkbox';
        return html`<fieldset class="doc-label-set" ?disabled=${this.readOnly}>
          <legend>${set.name} <span class="small muted">(${set.choice === 'single' ? 'one' : 'any'})</span></legend>
          ${set.values.map((v) => html`<label class="choice"><input type=${type} name="dl-${set.name}" .checked=${chosen.includes(v)}
            @change=${(e: Event) => this.change(set, v, (e.target as HTMLInputElement).checked)} />${v}</label>`)}
          ${set.choice === 'single' && chosen.length > 0 && !this.readOnly
            ? html`<button class="btn ghost small" @click=${() => this.change(set, chosen[0]!, false)}>Clear</button>`
            : nothing}
        </fieldset>`;
      })}
    </section>`;
  }
}

customElements.define('tt-doc-labels', TtDocLabels);
