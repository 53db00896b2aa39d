// <tt-span-list>: every span grouped by label, filterable by label or text; choosing one scrolls
// the article to it and focuses it. Long groups render their first rows and offer the rest, so a
// layer of thousands of spans stays quick.
import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { SpanLabelDef } from '../../shared/domain.ts';
import { LightElement } from '../app/light-element.ts';
import { excerpt } from '../app/format.ts';
import { labelStyles } from '../text/colors.ts';

export interface ListedSpan {
  id: string;
  start: number;
  end: number;
  label: string;
  text: string;
  note: string;
  /** Names of others editing it now. */
  editors: string[];
}

const PAGE = 100;

export class TtSpanList extends LightElement {
  static override properties = { spans: { attribute: false }, labels: { attribute: false }, filter: { state: true }, shown: { state: true } };
  declare spans: ListedSpan[];
  declare labels: SpanLabelDef[];
  declare filter: string;
  /** Rows shown per label group. */
  declare shown: Map<string, number>;

  constructor() {
    super();
    this.spans = [];
    this.labels = [];
    this.filter = '';
    this.shown = new Map();
  }

  override render(): TemplateResult {
    const q = this.filter.trim().toLocaleLowerCase();
    const match = (s: ListedSpan) => !q || s.label.toLocaleLowerCase().includes(q) || s.text.toLocaleLowerCase().includes(q) || s.note.toLocaleLowerCase().includes(q);
    const groups = new Map<string, ListedSpan[]>(this.labels.map((l) => [l.name, []]));
    for (const s of this.spans) {
      if (!match(s)) continue;
      let g = groups.get(s.label);
      if (!g) groups.set(s.label, (g = []));
      g.push(s);
    }
    const style = labelStyles(this.labels);
    const total = [...groups.values()].reduce((n, g) => n + g.length, 0);
    return html`<section class="side-section" aria-labelledby="spans-title">
      <h2 class="side-title" id="spans-title">Spans <span class="count">${q ? `${total} of ${this.spans.length}` : this.spans.length}</span></h2>
      <input type="search" class="filter" placeholder="Filter by label or text" aria-label="Filter spans" .value=${this.filter}
        @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} />
      ${this.spans.length === 0 ? html`<p class="small muted">No spans yet. Select text in the article and press a label key.</p>` : nothing}
      ${[...groups].filter(([, g]) => g.length > 0).map(([label, g]) => {
        const sorted = g.sort((a, b) => a.start - b.start);
        const limit = this.shown.get(label) ?? PAGE;
        const st = style(label);
        return html`<details class="span-group" open>
          <summary><span class="tag" style=${styleMap({ background: st.tagBackground, color: st.tagText })}>${label}</span> <span class="count">${g.length}</span></summary>
          <ul class="span-rows" aria-label="${label} spans">
            ${sorted.slice(0, limit).map((s) => html`<li><button class="span-row" data-span=${s.id} @click=${() => this.emit('tt-focus-span', s.id)}>
              <span class="span-text" dir="auto">${excerpt(s.text, 60)}</span>
              ${s.note ? html`<span class="span-note" title=${s.note}>✎</span>` : nothing}
              ${s.editors.length ? html`<span class="small editing-note">${s.editors.join(', ')} editing</span>` : nothing}
            </button></li>`)}
          </ul>
          ${sorted.length > limit
            ? html`<button class="btn small ghost" @click=${() => (this.shown = new Map(this.shown).set(label, limit + 500))}>Show ${Math.min(500, sorted.length - limit)} more</button>`
            : nothing}
        </details>`;
      })}
    </section>`;
  }
}

customElements.define('tt-span-list', TtSpanList);
